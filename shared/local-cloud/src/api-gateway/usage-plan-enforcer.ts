import type { Clock } from './clock';
import { systemClock } from './clock';
import { QuotaCounter } from './quota';
import { TokenBucket } from './token-bucket';
import type { KeyUsage, RefusedRequests, UsageReport } from './usage-report';
import type { ApiKey, UsagePlan, UsagePlanModel } from './usage-plans';

export type ForbiddenReason = 'missing-key' | 'unknown-key' | 'disabled-key';

/** What API Gateway does with one request to a method that requires an API key. */
export type Admission =
  | { outcome: 'admitted'; key: ApiKey }
  | { outcome: 'forbidden'; reason: ForbiddenReason }
  | { outcome: 'throttled'; key: ApiKey }
  | { outcome: 'quota-exceeded'; key: ApiKey };

interface KeyState {
  key: ApiKey;
  plan: UsagePlan;
  bucket?: TokenBucket;
  quota?: QuotaCounter;
  admitted: number;
  throttled: number;
  quotaExceeded: number;
}

/**
 * Per-key usage-plan state of one service: each key has its own token bucket and quota counter
 * (usage plans limit each client, i.e. each key, not the plan as a whole), created when the
 * enforcer is, so the initial quota window is the one the local cloud started in.
 *
 * Order of checks: key (403), quota (429 "Limit Exceeded"), throttle (429 "Too Many Requests").
 * A request refused for quota takes no throttle token, and a throttled request is not counted
 * against the quota: only admitted requests use either.
 */
export class UsagePlanEnforcer {
  private readonly keys = new Map<string, KeyState>();
  private readonly refused: RefusedRequests = { missingKey: 0, unknownKey: 0, disabledKey: 0 };

  constructor(
    readonly model: UsagePlanModel,
    private readonly clock: Clock = systemClock,
  ) {
    for (const key of model.keys) {
      const plan = model.plans.find((candidate) => candidate.name === key.plan);
      if (!plan)
        throw new Error(
          `[${model.service}] API key "${key.name}" names usage plan "${key.plan}", which the model does not define`,
        );
      this.keys.set(key.value, {
        key,
        plan,
        ...(plan.throttle ? { bucket: new TokenBucket(plan.throttle, clock) } : {}),
        ...(plan.quota ? { quota: new QuotaCounter(plan.quota, clock) } : {}),
        admitted: 0,
        throttled: 0,
        quotaExceeded: 0,
      });
    }
  }

  /** Decides one request to a private route, given its `x-api-key` header (undefined when absent). */
  admit(apiKey: string | undefined): Admission {
    if (apiKey === undefined || apiKey === '') {
      this.refused.missingKey += 1;
      return { outcome: 'forbidden', reason: 'missing-key' };
    }
    const state = this.keys.get(apiKey);
    if (!state) {
      this.refused.unknownKey += 1;
      return { outcome: 'forbidden', reason: 'unknown-key' };
    }
    if (!state.key.enabled) {
      this.refused.disabledKey += 1;
      return { outcome: 'forbidden', reason: 'disabled-key' };
    }
    if (state.quota && !state.quota.hasRoom()) {
      state.quotaExceeded += 1;
      return { outcome: 'quota-exceeded', key: state.key };
    }
    if (state.bucket && !state.bucket.tryTake()) {
      state.throttled += 1;
      return { outcome: 'throttled', key: state.key };
    }
    state.quota?.tryConsume();
    state.admitted += 1;
    return { outcome: 'admitted', key: state.key };
  }

  /** Current usage of one key, by its value; undefined for a value that is no key of this service. */
  usage(apiKey: string): KeyUsage | undefined {
    const state = this.keys.get(apiKey);
    return state ? describeKey(state) : undefined;
  }

  /** Usage of every key of the service, for the start-up output, `--stats` and tests. */
  report(): UsageReport {
    return {
      service: this.model.service,
      at: new Date(this.clock()).toISOString(),
      keys: [...this.keys.values()].map(describeKey),
      refused: { ...this.refused },
    };
  }
}

function describeKey(state: KeyState): KeyUsage {
  const { key, plan } = state;
  return {
    name: key.name,
    value: key.value,
    plan: plan.name,
    enabled: key.enabled,
    generated: key.generated,
    requests: { admitted: state.admitted, throttled: state.throttled, quotaExceeded: state.quotaExceeded },
    ...(state.bucket && plan.throttle
      ? { throttle: { ...plan.throttle, tokens: state.bucket.snapshot().tokens } }
      : {}),
    ...(state.quota ? { quota: state.quota.snapshot() } : {}),
  };
}
