import fc from 'fast-check';
import { runBoundedLoad } from '../src/flash-sale/bounded-load';
import { callWithRetries, isRetryableStatus } from '../src/flash-sale/client-retry';
import { computeInvariants } from '../src/flash-sale/invariants';
import type { AcceptedOrder, FinalOrder, InvariantInput, SkuBooks } from '../src/flash-sale/invariants';
import { evaluateTargets, formatReport } from '../src/flash-sale/report';
import { planSale, splitUnits } from '../src/flash-sale/sale-plan';
import type { LoadFigures } from '../src/flash-sale/report';
import { percentile, ratePerSecond, summarizeLatencies } from '../src/flash-sale/statistics';

describe('percentile (nearest rank)', () => {
  it('picks measured values by rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index); // 100..1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('refuses an empty list and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('returns a member with at least p percent of the values at or below it, and grows with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p, q) => {
          const value = percentile(values, p);
          expect(values).toContain(value);
          const atOrBelow = values.filter((entry) => entry <= value).length;
          expect(atOrBelow / values.length).toBeGreaterThanOrEqual(p / 100);
          const below = values.filter((entry) => entry < value).length;
          expect(below / values.length).toBeLessThan(p / 100);
          if (p <= q) expect(value).toBeLessThanOrEqual(percentile(values, q));
        },
      ),
    );
  });

  it('summarizes latencies and rates', () => {
    expect(summarizeLatencies([10, 20, 30, 40])).toEqual({
      count: 4,
      p50: 20,
      p95: 40,
      p99: 40,
      max: 40,
      mean: 25,
    });
    expect(ratePerSecond(2000, 4000)).toBe(500);
    expect(() => ratePerSecond(1, 0)).toThrow(RangeError);
  });
});

describe('runBoundedLoad', () => {
  it('never has more than `concurrency` requests in flight, reaches it, and sends each index once', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let observedMax = 0;
    const result = await runBoundedLoad({
      total: 120,
      concurrency: 7,
      send: async (index) => {
        inFlight++;
        observedMax = Math.max(observedMax, inFlight);
        seen.push(index);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return index * 2;
      },
    });
    expect(observedMax).toBe(7);
    expect(result.maxInFlight).toBe(7);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, index) => index));
    expect(result.outcomes.map((outcome) => (outcome.ok ? outcome.value : -1))).toEqual(
      Array.from({ length: 120 }, (_, index) => index * 2),
    );
  });

  it('records failures without ending the run, with the latency of each request from its own clock', async () => {
    let clock = 0;
    const result = await runBoundedLoad({
      total: 4,
      concurrency: 1,
      now: () => clock,
      send: async (index) => {
        clock += 10;
        if (index === 2) throw new Error('connection refused');
        return 'ok';
      },
    });
    expect(result.outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true]);
    expect(result.outcomes[2]).toMatchObject({ ok: false, error: 'connection refused', latencyMs: 10 });
    expect(result.elapsedMs).toBe(40);
  });

  it('refuses nonsense settings', async () => {
    await expect(runBoundedLoad({ total: 1, concurrency: 0, send: async () => 1 })).rejects.toThrow(
      RangeError,
    );
    await expect(runBoundedLoad({ total: -1, concurrency: 1, send: async () => 1 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('computeInvariants', () => {
  const order = (index: number, sku = 'HOT-A', customerId = 'c1'): AcceptedOrder => ({
    idempotencyKey: `key-${index}`,
    customerId,
    orderId: `order-${index}`,
    items: [{ sku, quantity: 1 }],
  });
  type Final = FinalOrder & { customerId: string };
  const finals = (entries: [string, FinalOrder['status'], string?][], customerId = 'c1', sku = 'HOT-A') =>
    new Map<string, Final>(
      entries.map(([orderId, status, reason]) => [
        orderId,
        {
          orderId,
          status,
          customerId,
          items: [{ sku, quantity: 1 }],
          ...(reason ? { cancellationReason: reason } : {}),
        },
      ]),
    );
  const books = (sku: string, restocked: number, sold: number, extra: Partial<SkuBooks> = {}): SkuBooks => ({
    sku,
    restocked,
    sold,
    reserved: 0,
    available: restocked - sold,
    ...extra,
  });

  /** 5 orders for 3 units: 3 confirmed, 2 out of stock; every book balances. */
  const clean = (): InvariantInput => ({
    accepted: [0, 1, 2, 3, 4].map((index) => order(index)),
    final: finals([
      ['order-0', 'CONFIRMED'],
      ['order-1', 'CONFIRMED'],
      ['order-2', 'CONFIRMED'],
      ['order-3', 'CANCELLED', 'OUT_OF_STOCK'],
      ['order-4', 'CANCELLED', 'OUT_OF_STOCK'],
    ]),
    unanswered: new Map(),
    confirmations: new Map([
      ['order-0', 1],
      ['order-1', 1],
      ['order-2', 1],
    ]),
    books: [books('HOT-A', 3, 3)],
  });

  it('is all zeros for a sale that went right', () => {
    const report = computeInvariants(clean());
    expect(report).toMatchObject({
      oversold: 0,
      lost: 0,
      duplicated: 0,
      booksMismatch: 0,
      unacknowledged: 0,
      examples: [],
    });
    expect(report.statusCounts).toEqual({ CONFIRMED: 3, CANCELLED: 2 });
    expect(report.cancellationReasons).toEqual({ OUT_OF_STOCK: 2 });
    expect(report.confirmedUnits).toEqual({ 'HOT-A': 3 });
  });

  it('counts units confirmed beyond the stock as oversold', () => {
    const input = clean();
    input.final = finals(
      [0, 1, 2, 3, 4].map((index) => [`order-${index}`, 'CONFIRMED'] as [string, 'CONFIRMED']),
    );
    input.books = [books('HOT-A', 3, 5, { available: 0 })];
    const report = computeInvariants(input);
    expect(report.oversold).toBe(2);
    expect(report.examples.join('\n')).toMatch(/oversold: HOT-A confirmed 5 and sold 5 of 3/);
  });

  it('counts orders that are not terminal, and accepted orders never seen again, as lost', () => {
    const input = clean();
    input.final = finals([
      ['order-0', 'CONFIRMED'],
      ['order-1', 'CONFIRMED'],
      ['order-2', 'RESERVED'],
      ['order-3', 'PENDING'],
    ]);
    input.books = [books('HOT-A', 3, 2, { reserved: 1, available: 0 })];
    const report = computeInvariants(input);
    expect(report.lost).toBe(3);
    expect(report.statusCounts).toEqual({ CONFIRMED: 2, RESERVED: 1, PENDING: 1, MISSING: 1 });
  });

  it('counts a second confirmation, a second order for one key, and orders nobody asked for as duplicated', () => {
    const input = clean();
    input.confirmations = new Map([...input.confirmations, ['order-1', 2]]);
    // The key of order 0 answered again with another order id.
    input.accepted = [...input.accepted, { ...order(0), orderId: 'order-0-bis' }];
    // Two orders no accepted request created, one explained by an unanswered request.
    input.final = new Map([
      ...input.final,
      ...finals([
        ['order-0-bis', 'CANCELLED', 'OUT_OF_STOCK'],
        ['ghost-1', 'CANCELLED', 'OUT_OF_STOCK'],
        ['ghost-2', 'CANCELLED', 'OUT_OF_STOCK'],
      ]),
    ]);
    input.unanswered = new Map([['c1', 1]]);
    const report = computeInvariants(input);
    expect(report.duplicated).toBe(3);
    expect(report.unacknowledged).toBe(1);
  });

  it('counts orders created by unanswered requests in the books, not as duplicates', () => {
    const input = clean();
    // order-2's request timed out (504) and was never retried: the order exists all the same.
    input.accepted = input.accepted.filter((entry) => entry.orderId !== 'order-2');
    input.unanswered = new Map([['c1', 1]]);
    const report = computeInvariants(input);
    expect(report).toMatchObject({
      oversold: 0,
      lost: 0,
      duplicated: 0,
      booksMismatch: 0,
      unacknowledged: 1,
    });
    expect(report.confirmedUnits).toEqual({ 'HOT-A': 3 });
  });

  it('does not count the same order answered twice for a replayed key as a duplicate', () => {
    const input = clean();
    input.accepted = [...input.accepted, order(0)];
    expect(computeInvariants(input)).toMatchObject({ duplicated: 0, lost: 0 });
    expect(computeInvariants(input).statusCounts).toEqual({ CONFIRMED: 3, CANCELLED: 2 });
  });

  it('reports books that disagree: sold vs confirmed, units left reserved, stock not conserved', () => {
    const input = clean();
    input.books = [books('HOT-A', 3, 2, { reserved: 1, available: 1 })];
    const report = computeInvariants(input);
    // |2 - 3| + 1 reserved + |1 + 1 + 2 - 3|
    expect(report.booksMismatch).toBe(3);
    expect(report.oversold).toBe(0);
  });
});

describe('report', () => {
  const figures = (label: string, rate: number): LoadFigures => ({
    label,
    requests: 2000,
    succeeded: 2000,
    otherAnswers: {},
    elapsedMs: 4000,
    rate,
    latency: { count: 2000, p50: 10, p95: 20, p99: 30, max: 40, mean: 12 },
    connections: 50,
    retried: 0,
  });
  const invariants = {
    oversold: 0,
    lost: 0,
    duplicated: 0,
    booksMismatch: 0,
    confirmedUnits: { 'HOT-A': 500 },
    statusCounts: { CONFIRMED: 500, CANCELLED: 1500 },
    cancellationReasons: { OUT_OF_STOCK: 1500 },
    unacknowledged: 0,
    examples: [],
  };

  it('passes at half the no-op rate with every invariant at zero', () => {
    const checks = evaluateTargets(figures('POST /orders', 250), figures('GET /health', 500), invariants);
    expect(checks.every((check) => check.pass)).toBe(true);
    const text = formatReport({
      header: ['flash sale'],
      noop: figures('GET /health', 500),
      orders: figures('POST /orders', 250),
      terminalAfterMs: 12_345,
      terminalAfterLastAnswerMs: 8_000,
      terminalWaitLimitMs: 300_000,
      invariants,
      checks,
    });
    expect(text).toMatch(/accepted orders\/s vs no-op\s+0\.50\s+>= 0\.5\s+PASS/);
    expect(text).toMatch(/every order terminal after: 12\.3 s/);
    expect(text).toMatch(/RESULT: PASS$/);
  });

  it('fails below half the no-op rate, or with any invariant above zero', () => {
    const slow = evaluateTargets(figures('POST /orders', 249), figures('GET /health', 500), invariants);
    expect(slow.find((check) => check.name.startsWith('accepted'))?.pass).toBe(false);
    const lost = evaluateTargets(figures('POST /orders', 400), figures('GET /health', 500), {
      ...invariants,
      lost: 1,
    });
    expect(lost.filter((check) => !check.pass).map((check) => check.name)).toEqual(['lost']);
    const text = formatReport({
      header: [],
      noop: figures('GET /health', 500),
      orders: figures('POST /orders', 400),
      terminalAfterMs: undefined,
      terminalAfterLastAnswerMs: undefined,
      terminalWaitLimitMs: 300_000,
      invariants: { ...invariants, lost: 1, examples: ['lost: order x is PENDING'] },
      checks: lost,
    });
    expect(text).toMatch(/lost\s+1\s+0\s+FAIL/);
    expect(text).toMatch(/NOT within 300\.0 s/);
    expect(text).toMatch(/RESULT: FAIL$/);
  });
});

describe('planSale', () => {
  it('shares the units over the hot SKUs and spreads single-unit orders over SKUs and customers', () => {
    const plan = planSale({ runId: 'ab12', orders: 2000, skus: 3, units: 500, customers: 20 });
    expect(plan.stock).toEqual([
      { sku: 'FLASHAB12-HOT1', units: 167 },
      { sku: 'FLASHAB12-HOT2', units: 167 },
      { sku: 'FLASHAB12-HOT3', units: 166 },
    ]);
    expect(plan.orders).toHaveLength(2000);
    expect(new Set(plan.orders.map((order) => order.idempotencyKey)).size).toBe(2000);
    const perCustomer = new Map<string, number>();
    for (const order of plan.orders)
      perCustomer.set(order.customerId, (perCustomer.get(order.customerId) ?? 0) + 1);
    expect([...perCustomer.values()]).toEqual(Array.from({ length: 20 }, () => 100));
    const perSku = new Map<string, number>();
    for (const order of plan.orders) perSku.set(order.sku, (perSku.get(order.sku) ?? 0) + order.quantity);
    expect([...perSku.values()]).toEqual([667, 667, 666]);
    for (const order of plan.orders) expect(order.idempotencyKey).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
  });

  it('splits any total into nearly equal whole parts that add up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 }), (total, parts) => {
        const split = splitUnits(total, parts);
        expect(split).toHaveLength(parts);
        expect(split.reduce((sum, units) => sum + units, 0)).toBe(total);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('refuses run ids that would not make catalog SKUs', () => {
    expect(() => planSale({ runId: 'no-dash', orders: 1, skus: 1, units: 1, customers: 1 })).toThrow(/runId/);
  });
});

describe('callWithRetries', () => {
  const noSleep = async () => undefined;

  it('sends a 5xx or an unanswered request again, and stops at the first definitive answer', async () => {
    const answers: (number | Error)[] = [504, new Error('socket hang up'), 202, 500];
    const delays: number[] = [];
    const result = await callWithRetries(
      async () => {
        const next = answers.shift() as number | Error;
        if (next instanceof Error) throw next;
        return { status: next };
      },
      {
        retries: 5,
        statusOf: (answer) => answer.status,
        delayMs: (retry) => retry * 100,
        sleep: async (ms) => void delays.push(ms),
      },
    );
    expect(result.answer).toEqual({ status: 202 });
    expect(result.attempts.map((attempt) => attempt.status ?? attempt.error)).toEqual([
      504,
      'socket hang up',
      202,
    ]);
    expect(delays).toEqual([100, 200]);
  });

  it('does not retry a 4xx, and gives up after the retries with the last answer', async () => {
    const conflict = await callWithRetries(async () => ({ status: 422 }), {
      retries: 3,
      statusOf: (answer) => answer.status,
      delayMs: () => 0,
      sleep: noSleep,
    });
    expect(conflict.attempts).toHaveLength(1);
    const down = await callWithRetries(async () => ({ status: 503 }), {
      retries: 2,
      statusOf: (answer) => answer.status,
      delayMs: () => 0,
      sleep: noSleep,
    });
    expect(down.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 503]);
    expect(down.answer).toEqual({ status: 503 });
    const silent = await callWithRetries(
      async (): Promise<{ status: number }> => {
        throw new Error('ECONNRESET');
      },
      { retries: 1, statusOf: (answer) => answer.status, delayMs: () => 0, sleep: noSleep },
    );
    expect(silent.answer).toBeUndefined();
    expect(silent.attempts).toHaveLength(2);
    expect(isRetryableStatus(undefined)).toBe(true);
    expect(isRetryableStatus(429)).toBe(false);
  });
});
