import type { IntrinsicContext, LocalReference } from './intrinsics';
import { resolveToString } from './intrinsics';
import { localArn } from './local-aws';
import type {
  CloudFormationResource,
  ServerlessConfiguration,
  ServerlessStateMachine,
} from './serverless-configuration';

/** A resource the local cloud creates or can refer to, with its local physical name. */
export interface NamedResource {
  logicalId: string;
  type: string;
  name: string;
  reference: LocalReference;
}

export interface NamingInput {
  configuration: ServerlessConfiguration;
  stackName: string;
  /** Function key -> deployed function name. */
  functionNames: ReadonlyMap<string, string>;
  /** Resolves a queue name to the URL the SQS emulator gives it. */
  queueUrl: (queueName: string) => string;
  exports: ReadonlyMap<string, string>;
}

export const STATE_MACHINE_RESOURCE_TYPE = 'AWS::StepFunctions::StateMachine';

/**
 * Gives every resource of the template the name CloudFormation would use (the declared name, or a
 * stable `<stack>-<LogicalId>` where CloudFormation would generate one) and what `Ref` and
 * `Fn::GetAtt` return for it locally. Functions (`<Key>LambdaFunction`) and serverless-step-functions
 * state machines are included under their CloudFormation logical ids.
 */
export function nameResources(input: NamingInput): Map<string, NamedResource> {
  const { configuration, stackName } = input;
  const named = new Map<string, NamedResource>();
  // Names may use pseudo parameters and imports but not other resources of the stack.
  const nameContext: IntrinsicContext = { stackName, references: new Map(), exports: input.exports };

  for (const [key, name] of input.functionNames) {
    const logicalId = lambdaLogicalId(key);
    named.set(logicalId, {
      logicalId,
      type: 'AWS::Lambda::Function',
      name,
      reference: { ref: name, attributes: { Arn: localArn.function(name) } },
    });
  }

  for (const [logicalId, resource] of Object.entries(configuration.resources?.Resources ?? {})) {
    const entry = nameResource(logicalId, resource, stackName, nameContext, input.queueUrl);
    if (entry) named.set(logicalId, entry);
  }

  for (const [key, machine] of Object.entries(configuration.stepFunctions?.stateMachines ?? {})) {
    if (!machine) continue;
    const logicalId = stateMachineLogicalId(key, machine);
    const name =
      machine.name === undefined
        ? `${stackName}-${key}`
        : resolveToString(machine.name, nameContext, `stepFunctions.stateMachines.${key}.name`);
    const arn = localArn.stateMachine(name);
    named.set(logicalId, {
      logicalId,
      type: STATE_MACHINE_RESOURCE_TYPE,
      name,
      reference: { ref: arn, attributes: { Arn: arn, Name: name } },
    });
  }
  return named;
}

function nameResource(
  logicalId: string,
  resource: CloudFormationResource,
  stackName: string,
  context: IntrinsicContext,
  queueUrl: (queueName: string) => string,
): NamedResource | undefined {
  const properties = resource.Properties ?? {};
  const where = `resources.Resources.${logicalId}.Properties`;
  const declared = (property: string, fallback: () => string) =>
    properties[property] === undefined
      ? fallback()
      : resolveToString(properties[property], context, `${where}.${property}`);
  const generated = `${stackName}-${logicalId}`;
  const entry = (name: string, ref: string, attributes: Record<string, string>): NamedResource => ({
    logicalId,
    type: resource.Type,
    name,
    reference: { ref, attributes },
  });

  switch (resource.Type) {
    case 'AWS::DynamoDB::Table': {
      const name = declared('TableName', () => generated);
      const attributes: Record<string, string> = { Arn: localArn.table(name) };
      if (properties.StreamSpecification !== undefined) attributes.StreamArn = localArn.tableStream(name);
      return entry(name, name, attributes);
    }
    case 'AWS::SQS::Queue': {
      const fifo = properties.FifoQueue === true || properties.FifoQueue === 'true';
      const name = declared('QueueName', () => (fifo ? `${generated}.fifo` : generated));
      const url = queueUrl(name);
      return entry(name, url, { Arn: localArn.queue(name), QueueName: name, QueueUrl: url });
    }
    case 'AWS::S3::Bucket': {
      const name = declared('BucketName', () => generated.toLowerCase());
      return entry(name, name, {
        Arn: localArn.bucket(name),
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.us-east-1.amazonaws.com`,
      });
    }
    case 'AWS::Events::EventBus': {
      const name = declared('Name', () => generated);
      return entry(name, name, { Arn: localArn.bus(name), Name: name });
    }
    case 'AWS::Events::Rule': {
      const name = declared('Name', () => generated);
      return entry(name, name, { Arn: localArn.rule('default', name) });
    }
    case STATE_MACHINE_RESOURCE_TYPE: {
      const name = declared('StateMachineName', () => generated);
      const arn = localArn.stateMachine(name);
      return entry(name, arn, { Arn: arn, Name: name });
    }
    case 'AWS::SSM::Parameter': {
      const name = declared('Name', () => generated);
      return entry(name, name, { Type: String(properties.Type ?? 'String'), Value: '' });
    }
    case 'AWS::SecretsManager::Secret': {
      const name = declared('Name', () => generated);
      const arn = localArn.secret(name);
      return entry(name, arn, { Id: arn });
    }
    case 'AWS::IoT::TopicRule': {
      const name = declared('RuleName', () => generated.replace(/[^a-zA-Z0-9_]/g, '_'));
      return entry(name, name, { Arn: localArn.topicRule(name) });
    }
    case 'AWS::Timestream::Database': {
      const name = declared('DatabaseName', () => generated);
      return entry(name, name, { Arn: localArn.timestreamDatabase(name) });
    }
    case 'AWS::Timestream::Table': {
      const database = declared('DatabaseName', () => stackName);
      const name = declared('TableName', () => generated);
      return entry(name, `${database}|${name}`, {
        Arn: localArn.timestreamTable(database, name),
        Name: name,
      });
    }
    default:
      return undefined;
  }
}

/** osls's `getNormalizedFunctionName`: first letter upper-cased, `-` -> `Dash`, `_` -> `Underscore`. */
export function normalizedResourceName(name: string): string {
  const replaced = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

export function lambdaLogicalId(functionKey: string): string {
  return `${normalizedResourceName(functionKey)}LambdaFunction`;
}

/** serverless-step-functions: `id` or `name` when given, else `<Key>StepFunctionsStateMachine`. */
export function stateMachineLogicalId(key: string, machine: ServerlessStateMachine): string {
  const custom = machine.id ?? machine.name;
  return typeof custom === 'string'
    ? normalizedResourceName(custom)
    : `${normalizedResourceName(key)}StepFunctionsStateMachine`;
}
