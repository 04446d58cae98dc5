import { AwsTargetInvoker, targetKind } from '../eventbridge';
import type { DeadLetter, LocalEventBus, TargetInvocation, TargetInvoker } from '../eventbridge';
import { busNameFromReference, functionNameFromArn } from '../config/local-aws';
import type { FunctionInvoker } from '../offline/function-invoker';
import { DEFAULT_ASYNC_RETRY_DELAYS_MS, invokeAsynchronously } from './async-invoke';
import type { TriggerLogger } from './trigger-log';

export interface LocalTargetInvokerOptions {
  functions: FunctionInvoker;
  sqsEndpoint: string;
  sfnEndpoint?: string;
  log: TriggerLogger;
  /**
   * Pauses between Lambda's own retries of a failed asynchronous invocation. Lambda waits about
   * one and then two minutes; locally the same two retries come sooner.
   */
  asyncRetryDelaysMs?: readonly number[];
}

/**
 * Delivers rule targets for the local bus:
 * - functions are invoked asynchronously, as EventBridge does: the delivery succeeds once the
 *   function is known, then the handler runs with Lambda's two retries on error, and the outcome
 *   is logged (a handler error is not a delivery failure, so it never reaches the rule's DLQ);
 * - queues and state machines go through the SDK to the emulators;
 * - event buses receive the event again through PutEvents.
 */
export class LocalTargetInvoker implements TargetInvoker {
  private readonly sdk: AwsTargetInvoker;
  private readonly running = new Set<Promise<void>>();
  private bus: LocalEventBus | undefined;
  private readonly retryDelays: readonly number[];

  constructor(private readonly options: LocalTargetInvokerOptions) {
    this.sdk = new AwsTargetInvoker({
      endpoints: { sqs: options.sqsEndpoint, ...(options.sfnEndpoint ? { sfn: options.sfnEndpoint } : {}) },
    });
    this.retryDelays = options.asyncRetryDelaysMs ?? DEFAULT_ASYNC_RETRY_DELAYS_MS;
  }

  /** The bus itself, for targets that are other buses (known only once the bus exists). */
  attachBus(bus: LocalEventBus): void {
    this.bus = bus;
  }

  supports(arn: string): boolean {
    switch (targetKind(arn)) {
      case 'lambda': {
        const name = functionNameFromArn(arn);
        return name !== undefined && this.options.functions.has(name);
      }
      case 'event-bus':
        return this.bus !== undefined;
      default:
        return this.sdk.supports(arn);
    }
  }

  async invoke(invocation: TargetInvocation): Promise<void> {
    const arn = invocation.target.Arn ?? '';
    switch (targetKind(arn)) {
      case 'lambda': {
        const name = functionNameFromArn(arn);
        if (name === undefined || !this.options.functions.has(name))
          throw new Error(`no local function for ${arn}`);
        this.track(this.invokeAsynchronously(name, invocation));
        return;
      }
      case 'event-bus': {
        if (!this.bus) throw new Error(`the local bus is not attached; cannot deliver to ${arn}`);
        const event = invocation.event;
        const result = this.bus.putEvents({
          Entries: [
            {
              EventBusName: busNameFromReference(arn),
              Source: String(event.source),
              DetailType: String(event['detail-type']),
              Detail: JSON.stringify(event.detail ?? {}),
              Resources: Array.isArray(event.resources) ? (event.resources as string[]) : [],
            },
          ],
        });
        if (result.FailedEntryCount > 0)
          throw new Error(`PutEvents to ${arn} failed: ${JSON.stringify(result.Entries)}`);
        return;
      }
      default:
        await this.sdk.invoke(invocation);
    }
  }

  sendToDeadLetterQueue(letter: DeadLetter): Promise<void> {
    return this.sdk.sendToDeadLetterQueue(letter);
  }

  /** Waits for handlers still running from earlier deliveries (bounded), then releases clients. */
  async close(timeoutMs = 5_000): Promise<void> {
    await Promise.race([Promise.allSettled([...this.running]), delay(timeoutMs)]);
    this.sdk.destroy();
  }

  /** Resolves once every asynchronous invocation started so far has finished (for tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private invokeAsynchronously(functionName: string, invocation: TargetInvocation): Promise<void> {
    return invokeAsynchronously(
      this.options.functions,
      functionName,
      JSON.parse(invocation.payload) as unknown,
      this.options.log,
      {
        trigger: 'lambda-async',
        source: String(invocation.event.source),
        detailType: String(invocation.event['detail-type']),
        eventId: String(invocation.event.id),
        rule: invocation.rule.name,
      },
      this.retryDelays,
    );
  }

  private track(task: Promise<void>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
