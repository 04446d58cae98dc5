import fc from 'fast-check';
import type { QuotaPeriod } from '../../../src/api-gateway/quota';
import { QuotaCounter, quotaWindowAt } from '../../../src/api-gateway/quota';

const iso = (ms: number) => new Date(ms).toISOString();

describe('quotaWindowAt', () => {
  it('DAY runs from 00:00 UTC to the next 00:00 UTC', () => {
    const window = quotaWindowAt('DAY', Date.parse('2026-03-14T23:59:59.999Z'));
    expect([iso(window.start), iso(window.end)]).toEqual([
      '2026-03-14T00:00:00.000Z',
      '2026-03-15T00:00:00.000Z',
    ]);
  });

  it('WEEK runs from Sunday 00:00 UTC for seven days', () => {
    // 2026-03-14 is a Saturday; 2026-03-15 a Sunday.
    const saturday = quotaWindowAt('WEEK', Date.parse('2026-03-14T12:00:00Z'));
    const sunday = quotaWindowAt('WEEK', Date.parse('2026-03-15T00:00:00Z'));
    expect([iso(saturday.start), iso(saturday.end)]).toEqual([
      '2026-03-08T00:00:00.000Z',
      '2026-03-15T00:00:00.000Z',
    ]);
    expect(iso(sunday.start)).toBe('2026-03-15T00:00:00.000Z');
  });

  it('MONTH runs from the 1st 00:00 UTC to the next 1st, across leap February and the year end', () => {
    const february = quotaWindowAt('MONTH', Date.parse('2028-02-29T18:00:00Z'));
    expect([iso(february.start), iso(february.end)]).toEqual([
      '2028-02-01T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ]);
    const december = quotaWindowAt('MONTH', Date.parse('2026-12-31T23:00:00Z'));
    expect(iso(december.end)).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('QuotaCounter', () => {
  it('counts up to the limit in a window, refuses the rest, and starts again in the next window', () => {
    let now = Date.parse('2026-03-14T22:00:00Z');
    const quota = new QuotaCounter({ limit: 3, period: 'DAY', offset: 0 }, () => now);
    expect(Array.from({ length: 5 }, () => quota.tryConsume())).toEqual([true, true, true, false, false]);
    expect(quota.snapshot()).toMatchObject({ used: 3, remaining: 0, allowance: 3 });
    now = Date.parse('2026-03-14T23:59:59.999Z');
    expect(quota.tryConsume()).toBe(false);
    now = Date.parse('2026-03-15T00:00:00Z');
    expect(quota.tryConsume()).toBe(true);
    expect(quota.snapshot()).toMatchObject({ used: 1, remaining: 2, window: { start: now } });
  });

  it('subtracts offset from the limit in the initial window only', () => {
    let now = Date.parse('2026-03-14T10:00:00Z');
    const quota = new QuotaCounter({ limit: 5, period: 'DAY', offset: 3 }, () => now);
    expect(Array.from({ length: 3 }, () => quota.tryConsume())).toEqual([true, true, false]);
    now = Date.parse('2026-03-15T10:00:00Z');
    expect(Array.from({ length: 6 }, () => quota.tryConsume()).filter(Boolean)).toHaveLength(5);
  });

  it('hasRoom() counts nothing', () => {
    const quota = new QuotaCounter({ limit: 1, period: 'MONTH', offset: 0 }, () => 0);
    expect([quota.hasRoom(), quota.hasRoom()]).toEqual([true, true]);
    expect(quota.snapshot().used).toBe(0);
  });

  it('rejects a negative or fractional limit or offset', () => {
    expect(() => new QuotaCounter({ limit: -1, period: 'DAY', offset: 0 }, () => 0)).toThrow(/limit/);
    expect(() => new QuotaCounter({ limit: 1.5, period: 'DAY', offset: 0 }, () => 0)).toThrow(/limit/);
    expect(() => new QuotaCounter({ limit: 1, period: 'DAY', offset: -2 }, () => 0)).toThrow(/offset/);
  });
});

describe('QuotaCounter (property)', () => {
  const HOUR = 3_600_000;
  const period = fc.constantFrom<QuotaPeriod>('DAY', 'WEEK', 'MONTH');

  it('admits exactly min(requests, allowance) in every window, so the quota is never exceeded', () => {
    fc.assert(
      fc.property(
        period,
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
        fc.array(
          fc.oneof(
            fc.constant(0),
            fc.integer({ min: 0, max: 6 * HOUR }),
            fc.integer({ min: 0, max: 20 * 24 * HOUR }),
          ),
          {
            maxLength: 200,
          },
        ),
        (quotaPeriod, limit, offset, start, gaps) => {
          let now = start;
          const quota = new QuotaCounter({ limit, period: quotaPeriod, offset }, () => now);
          const initialWindow = quotaWindowAt(quotaPeriod, start).start;
          const perWindow = new Map<number, { requests: number; admitted: number }>();
          for (const gap of [0, ...gaps]) {
            now += gap;
            const window = quotaWindowAt(quotaPeriod, now).start;
            const tally = perWindow.get(window) ?? { requests: 0, admitted: 0 };
            tally.requests += 1;
            if (quota.tryConsume()) tally.admitted += 1;
            perWindow.set(window, tally);
          }
          for (const [window, tally] of perWindow) {
            const allowance = window === initialWindow ? Math.max(0, limit - offset) : limit;
            expect(tally.admitted).toBe(Math.min(tally.requests, allowance));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
