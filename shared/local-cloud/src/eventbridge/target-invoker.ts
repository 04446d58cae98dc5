import type { Target } from '@aws-sdk/client-eventbridge';

/** One delivery attempt of one event to one rule target. */
export interface TargetInvocation {
  readonly target: Target;
  readonly rule: { readonly name: string; readonly arn: string; readonly eventBusName: string };
  /** The event as EventBridge built it (envelope + detail). */
  readonly event: Readonly<Record<string, unknown>>;
  readonly eventJson: string;
  /** What the target receives: the event JSON, or the result of Input/InputPath/InputTransformer. */
  readonly payload: string;
  /** 1 for the first try, then 2, 3, ... for retries. */
  readonly attempt: number;
}

/** A message for a target's dead-letter queue, with the attributes EventBridge adds. */
export interface DeadLetter {
  readonly queueArn: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Delivers events to targets, chosen by ARN. The local cloud's orchestrator plugs its own
 * (local Lambda functions, queues, state machines); {@link AwsTargetInvoker} talks to local
 * emulators through the AWS SDK. `invoke` rejects to ask for a retry (with backoff, within the
 * target's RetryPolicy); after that the bus calls `sendToDeadLetterQueue` if the target has one.
 */
export interface TargetInvoker {
  invoke(invocation: TargetInvocation): Promise<void>;
  sendToDeadLetterQueue(letter: DeadLetter): Promise<void>;
  /** Consulted by PutTargets: a target this invoker cannot reach is refused up front. */
  supports?(arn: string): boolean;
}

export type TargetKind = 'lambda' | 'sqs' | 'state-machine' | 'event-bus' | 'other';

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = match;
  return { partition, service, region, accountId, resource };
}

export function targetKind(arn: string): TargetKind {
  const parsed = parseArn(arn);
  if (!parsed) return 'other';
  if (parsed.service === 'lambda' && parsed.resource.startsWith('function:')) return 'lambda';
  if (parsed.service === 'sqs') return 'sqs';
  if (parsed.service === 'states' && parsed.resource.startsWith('stateMachine:')) return 'state-machine';
  if (parsed.service === 'events' && parsed.resource.startsWith('event-bus/')) return 'event-bus';
  return 'other';
}

export class UnsupportedTargetError extends Error {
  constructor(arn: string) {
    super(
      `The local EventBridge cannot deliver to ${arn}: supported targets are Lambda functions, SQS queues, Step Functions state machines and event buses`,
    );
    this.name = 'UnsupportedTargetError';
  }
}

/** Used when no invoker was configured: every delivery fails with a message saying what is missing. */
export class UnconfiguredTargetInvoker implements TargetInvoker {
  async invoke(invocation: TargetInvocation): Promise<void> {
    throw new Error(
      `No TargetInvoker configured for the local EventBridge: cannot deliver to ${invocation.target.Arn}. ` +
        'Pass `invoker` or `targets` endpoints to startEventBridge.',
    );
  }

  async sendToDeadLetterQueue(letter: DeadLetter): Promise<void> {
    throw new Error(
      `No TargetInvoker configured for the local EventBridge: cannot dead-letter to ${letter.queueArn}.`,
    );
  }
}
