/** What a Task state's Resource asks for, as far as the local emulator can run it. */
export type TaskResource =
  | { kind: 'lambda-arn'; functionName: string; resource: string }
  | { kind: 'lambda-invoke' }
  | { kind: 'service-integration'; resource: string }
  | { kind: 'unsupported'; reason: string };

/**
 * Classifies a Task Resource:
 * - `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`: the function's result is the task result;
 * - `arn:aws:states:::lambda:invoke`: Parameters carry FunctionName and Payload; the result wraps Payload;
 * - other `arn:aws:states:::service:action`: handed to the optional service-integration callback;
 * - callback (`.waitForTaskToken`) and `.sync` patterns and activities are not supported locally.
 */
export function classifyTaskResource(resource: string): TaskResource {
  const lambda = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(
    resource,
  );
  if (lambda !== null) return { kind: 'lambda-arn', functionName: lambda[1] as string, resource };
  if (resource.includes(':activity:')) {
    return {
      kind: 'unsupported',
      reason: `activities (${resource}) are not supported by the local Step Functions`,
    };
  }
  const integration = /^arn:aws[\w-]*:states:[\w-]*:\d{0,12}:([\w-]+):([\w.-]+)$/.exec(resource);
  if (integration === null) return { kind: 'unsupported', reason: `unknown Task resource ${resource}` };
  const [, service, action] = integration as unknown as [string, string, string];
  if (action.endsWith('.waitForTaskToken')) {
    return {
      kind: 'unsupported',
      reason: `task tokens (${resource}) are not supported by the local Step Functions`,
    };
  }
  if (action.endsWith('.sync') || action.includes('.sync:')) {
    return {
      kind: 'unsupported',
      reason: `the .sync pattern (${resource}) is not supported by the local Step Functions`,
    };
  }
  if (service === 'lambda' && action === 'invoke') return { kind: 'lambda-invoke' };
  return { kind: 'service-integration', resource };
}

/**
 * FunctionName of `lambda:invoke` may be a name, a name with qualifier, a full or a partial ARN;
 * the local functions are known by name.
 */
export function functionNameOf(reference: string): string {
  const arn = /^(?:arn:aws[\w-]*:lambda:[\w-]+:)?(?:\d{12}:)?function:([A-Za-z0-9_-]+)/.exec(reference);
  if (arn !== null) return arn[1] as string;
  const plain = /^([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(reference);
  if (plain !== null) return plain[1] as string;
  throw new Error(`not a Lambda function name or ARN: ${reference}`);
}
