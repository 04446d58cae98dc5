import { UsagePlanEnforcer } from '../../../src/api-gateway/usage-plan-enforcer';
import { formatUsageReport } from '../../../src/api-gateway/usage-report';
import type { UsagePlanModel } from '../../../src/api-gateway/usage-plans';

const FREE = 'free-key-value-0123456789';
const FREE_2 = 'free-key-value-9876543210';
const PARTNER = 'partner-key-value-0123456789';
const OFF = 'disabled-key-value-0123456789';

const model: UsagePlanModel = {
  service: 'orders',
  plans: [
    {
      name: 'free',
      throttle: { rateLimit: 1, burstLimit: 2 },
      quota: { limit: 3, period: 'DAY', offset: 0 },
    },
    { name: 'partner', throttle: { rateLimit: 50, burstLimit: 100 } },
  ],
  keys: [
    { name: 'free-a', value: FREE, plan: 'free', enabled: true, generated: false },
    { name: 'free-b', value: FREE_2, plan: 'free', enabled: true, generated: true },
    { name: 'partner', value: PARTNER, plan: 'partner', enabled: true, generated: false },
    { name: 'off', value: OFF, plan: 'partner', enabled: false, generated: false },
  ],
  routes: [],
  warnings: [],
};

function setUp() {
  let now = Date.parse('2026-03-14T12:00:00Z');
  const enforcer = new UsagePlanEnforcer(model, () => now);
  return { enforcer, advance: (ms: number) => (now += ms) };
}

const outcomes = (enforcer: UsagePlanEnforcer, key: string | undefined, n: number) =>
  Array.from({ length: n }, () => enforcer.admit(key).outcome);

describe('UsagePlanEnforcer', () => {
  it('refuses a missing, unknown or disabled key with forbidden, and counts why', () => {
    const { enforcer } = setUp();
    expect(enforcer.admit(undefined)).toEqual({ outcome: 'forbidden', reason: 'missing-key' });
    expect(enforcer.admit('')).toEqual({ outcome: 'forbidden', reason: 'missing-key' });
    expect(enforcer.admit('not-a-key-of-this-service')).toEqual({
      outcome: 'forbidden',
      reason: 'unknown-key',
    });
    expect(enforcer.admit(OFF)).toEqual({ outcome: 'forbidden', reason: 'disabled-key' });
    expect(enforcer.report().refused).toEqual({ missingKey: 2, unknownKey: 1, disabledKey: 1 });
  });

  it('throttles a key once its burst is used, and admits again as tokens refill', () => {
    const { enforcer, advance } = setUp();
    expect(outcomes(enforcer, FREE, 3)).toEqual(['admitted', 'admitted', 'throttled']);
    advance(500);
    expect(enforcer.admit(FREE).outcome).toBe('throttled');
    advance(500);
    expect(enforcer.admit(FREE).outcome).toBe('admitted');
    expect(enforcer.usage(FREE)?.requests).toEqual({ admitted: 3, throttled: 2, quotaExceeded: 0 });
  });

  it('refuses with quota-exceeded once the window allowance is used, without counting throttled requests', () => {
    const { enforcer, advance } = setUp();
    expect(outcomes(enforcer, FREE, 3)).toEqual(['admitted', 'admitted', 'throttled']);
    advance(10_000);
    expect(outcomes(enforcer, FREE, 3)).toEqual(['admitted', 'quota-exceeded', 'quota-exceeded']);
    // Quota refusals took no tokens: the bucket is still full when the next day starts.
    advance(Date.parse('2026-03-15T00:00:00Z') - Date.parse('2026-03-14T12:00:10Z'));
    expect(outcomes(enforcer, FREE, 3)).toEqual(['admitted', 'admitted', 'throttled']);
  });

  it('keeps one bucket and one quota per key, not per plan', () => {
    const { enforcer } = setUp();
    expect(outcomes(enforcer, FREE, 3)).toEqual(['admitted', 'admitted', 'throttled']);
    expect(outcomes(enforcer, FREE_2, 2)).toEqual(['admitted', 'admitted']);
    expect(outcomes(enforcer, PARTNER, 100).every((outcome) => outcome === 'admitted')).toBe(true);
    expect(enforcer.admit(PARTNER).outcome).toBe('throttled');
  });

  it('reports usage per key: requests by outcome, tokens left, quota window and what is left of it', () => {
    const { enforcer } = setUp();
    outcomes(enforcer, FREE, 3);
    expect(enforcer.usage(FREE)).toEqual({
      name: 'free-a',
      value: FREE,
      plan: 'free',
      enabled: true,
      generated: false,
      requests: { admitted: 2, throttled: 1, quotaExceeded: 0 },
      throttle: { rateLimit: 1, burstLimit: 2, tokens: 0 },
      quota: {
        limit: 3,
        period: 'DAY',
        allowance: 3,
        used: 2,
        remaining: 1,
        window: { start: Date.parse('2026-03-14T00:00:00Z'), end: Date.parse('2026-03-15T00:00:00Z') },
      },
    });
    expect(enforcer.usage(PARTNER)).not.toHaveProperty('quota');
    expect(enforcer.usage('nope')).toBeUndefined();
    expect(enforcer.report()).toMatchObject({ service: 'orders', at: '2026-03-14T12:00:00.000Z' });
    expect(enforcer.report().keys.map((key) => key.name)).toEqual(['free-a', 'free-b', 'partner', 'off']);
  });

  it('formats the report as one line per key for the terminal', () => {
    const { enforcer } = setUp();
    outcomes(enforcer, FREE, 3);
    enforcer.admit(undefined);
    const text = formatUsageReport(enforcer.report());
    expect(text.split('\n')).toEqual([
      'API keys of orders (usage at 2026-03-14T12:00:00.000Z):',
      `  free-a [free] | x-api-key: ${FREE} | admitted 2, throttled 1, over quota 0 | throttle 1/s burst 2 (0 tokens now) | quota 1/3 left this day (resets 2026-03-15T00:00:00.000Z)`,
      `  free-b [free] | x-api-key: ${FREE_2} (generated locally) | admitted 0, throttled 0, over quota 0 | throttle 1/s burst 2 (2 tokens now) | quota 3/3 left this day (resets 2026-03-15T00:00:00.000Z)`,
      `  partner [partner] | x-api-key: ${PARTNER} | admitted 0, throttled 0, over quota 0 | throttle 50/s burst 100 (100 tokens now)`,
      `  off [partner] (disabled) | x-api-key: ${OFF} | admitted 0, throttled 0, over quota 0 | throttle 50/s burst 100 (100 tokens now)`,
      '  refused with 403: 1 without key, 0 unknown key, 0 disabled key',
    ]);
  });

  it('refuses a model whose key names a plan it does not define', () => {
    const broken: UsagePlanModel = { ...model, keys: [{ ...model.keys[0]!, plan: 'gold' }] };
    expect(() => new UsagePlanEnforcer(broken)).toThrow('[orders] API key "free-a" names usage plan "gold"');
  });
});
