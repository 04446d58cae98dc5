import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DeadLetter, RouteLogEntry, TargetInvocation, TargetInvoker } from '../../src/eventbridge';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function eventBridgeClient(endpoint: string): EventBridgeClient {
  return new EventBridgeClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
}

/**
 * Records what the bus delivers. `failures` makes the next N invocations of a target ARN
 * reject, so retries and dead-lettering can be observed.
 */
export class RecordingInvoker implements TargetInvoker {
  readonly invocations: TargetInvocation[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private readonly failures = new Map<string, number>();

  failNext(arn: string, times: number): void {
    this.failures.set(arn, times);
  }

  delivered(arn?: string): TargetInvocation[] {
    return this.invocations.filter((invocation) => arn === undefined || invocation.target.Arn === arn);
  }

  async invoke(invocation: TargetInvocation): Promise<void> {
    this.invocations.push(invocation);
    const arn = invocation.target.Arn ?? '';
    const remaining = this.failures.get(arn) ?? 0;
    if (remaining > 0) {
      this.failures.set(arn, remaining - 1);
      const error = new Error(`target ${arn} is down`);
      error.name = 'TargetDown';
      throw error;
    }
  }

  async sendToDeadLetterQueue(letter: DeadLetter): Promise<void> {
    this.deadLetters.push(letter);
  }
}

export function recordingLogger(): { entries: RouteLogEntry[]; log: (entry: RouteLogEntry) => void } {
  const entries: RouteLogEntry[] = [];
  return { entries, log: (entry) => entries.push(entry) };
}

export const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders-inbox';
export const DLQ_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders-inbox-dlq';
export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:inventory-local-reserve';
export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:report';
