import { setTimeout as sleep } from 'node:timers/promises';
import type { Target } from '@aws-sdk/client-eventbridge';
import type { BusEvent } from './put-events-entry';
import type { RouteLogger, RouteOutcome } from './route-log';
import { renderTargetInput } from './target-input';
import type { DeadLetter, TargetInvocation } from './target-invoker';

export interface RetryTiming {
  /** First retry delay; doubles each attempt (with jitter) up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface RuleRef {
  readonly name: string;
  readonly arn: string;
  readonly eventBusName: string;
}

/** EventBridge defaults when a target has no RetryPolicy. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;

export interface DeliveryPorts {
  invoke(invocation: TargetInvocation): Promise<void>;
  sendToDeadLetterQueue(letter: DeadLetter): Promise<void>;
  log: RouteLogger;
  now(): number;
  timing: RetryTiming;
  /** Aborted when the bus closes: pending retries stop. */
  signal: AbortSignal;
}

function backoffDelay(retry: number, timing: RetryTiming): number {
  const exponential = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** (retry - 1));
  // "Equal jitter": keeps retries of many events from landing at the same instant.
  return exponential / 2 + Math.random() * (exponential / 2);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const errorCode = (error: unknown) =>
  error instanceof Error && error.name !== 'Error' ? error.name : 'InvocationFailed';

/**
 * Delivers one event to one target the way EventBridge does: try, retry with exponential
 * backoff while both the target's MaximumRetryAttempts and MaximumEventAgeInSeconds allow,
 * then hand the event to the target's dead-letter queue with the reason attributes AWS sets
 * (RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS).
 * Writes one log line when the delivery settles.
 */
export async function deliverToTarget(
  busEvent: BusEvent,
  rule: RuleRef,
  target: Target,
  ports: DeliveryPorts,
): Promise<void> {
  const { event, eventJson, ingestedAt } = busEvent;
  const started = ingestedAt.getTime();
  const maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
  const maxAgeMs = (target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000;

  const settle = (outcome: RouteOutcome, attempts: number, error?: unknown) => {
    const replayName = typeof event['replay-name'] === 'string' ? event['replay-name'] : undefined;
    ports.log({
      level: outcome === 'delivered' ? 'info' : outcome === 'dead-letter-failed' ? 'error' : 'warn',
      message: 'eventbridge route',
      time: new Date(ports.now()).toISOString(),
      eventId: String(event.id),
      source: String(event.source),
      detailType: String(event['detail-type']),
      eventBusName: rule.eventBusName,
      rule: rule.name,
      targetId: target.Id ?? '',
      target: target.Arn ?? '',
      latencyMs: Math.max(0, ports.now() - started),
      outcome,
      attempts,
      ...(error === undefined ? {} : { error: errorText(error) }),
      ...(replayName ? { replayName } : {}),
    });
  };

  const deadLetter = async (attempts: number, error: unknown, condition: string) => {
    const queueArn = target.DeadLetterConfig?.Arn;
    if (!queueArn) return settle('dropped', attempts, error);
    try {
      await ports.sendToDeadLetterQueue({
        queueArn,
        body: eventJson,
        attributes: {
          RULE_ARN: rule.arn,
          TARGET_ARN: target.Arn ?? '',
          ERROR_CODE: errorCode(error),
          ERROR_MESSAGE: errorText(error),
          EXHAUSTED_RETRY_CONDITION: condition,
          RETRY_ATTEMPTS: String(Math.max(0, attempts - 1)),
        },
      });
      settle('dead-lettered', attempts, error);
    } catch (dlqError) {
      settle(
        'dead-letter-failed',
        attempts,
        `${errorText(error)}; dead-letter queue: ${errorText(dlqError)}`,
      );
    }
  };

  let payload: string;
  try {
    payload = renderTargetInput(target, {
      event,
      eventJson,
      ruleName: rule.name,
      ruleArn: rule.arn,
      ingestionTime: ingestedAt.toISOString(),
    });
  } catch (error) {
    return deadLetter(0, error, 'InputTransformationFailed');
  }

  for (let attempt = 1; ; attempt++) {
    try {
      await ports.invoke({ target, rule, event, eventJson, payload, attempt });
      return settle('delivered', attempt);
    } catch (error) {
      if (ports.signal.aborted) return;
      if (attempt > maxRetries) return deadLetter(attempt, error, 'MaximumRetryAttemptsExhausted');
      const delay = backoffDelay(attempt, ports.timing);
      if (ports.now() + delay - started > maxAgeMs)
        return deadLetter(attempt, error, 'MaximumEventAgeExhausted');
      try {
        await sleep(delay, undefined, { signal: ports.signal });
      } catch {
        return; // the bus closed
      }
    }
  }
}
