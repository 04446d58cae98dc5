import fc from 'fast-check';
import { TokenBucket } from '../../../src/api-gateway/token-bucket';

function fakeClock(start = 0) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

describe('TokenBucket', () => {
  it('starts full: admits burstLimit requests at once, then throttles', () => {
    const time = fakeClock();
    const bucket = new TokenBucket({ rateLimit: 10, burstLimit: 5 }, time.clock);
    const admitted = Array.from({ length: 8 }, () => bucket.tryTake());
    expect(admitted).toEqual([true, true, true, true, true, false, false, false]);
  });

  it('refills at rateLimit tokens per second, one request per token', () => {
    const time = fakeClock();
    const bucket = new TokenBucket({ rateLimit: 10, burstLimit: 2 }, time.clock);
    bucket.tryTake();
    bucket.tryTake();
    time.advance(99);
    expect(bucket.tryTake()).toBe(false);
    time.advance(1);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    time.advance(250);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
  });

  it('never holds more than burstLimit tokens after a quiet period', () => {
    const time = fakeClock();
    const bucket = new TokenBucket({ rateLimit: 100, burstLimit: 3 }, time.clock);
    time.advance(3_600_000);
    expect(Array.from({ length: 5 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(3);
    expect(bucket.snapshot().tokens).toBe(0);
  });

  it('admits nothing with burstLimit 0, whatever the rate', () => {
    const time = fakeClock();
    const bucket = new TokenBucket({ rateLimit: 1000, burstLimit: 0 }, time.clock);
    time.advance(10_000);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.snapshot().msUntilNextToken).toBe(Infinity);
  });

  it('handles a fractional rate (one request every two seconds)', () => {
    const time = fakeClock();
    const bucket = new TokenBucket({ rateLimit: 0.5, burstLimit: 1 }, time.clock);
    expect(bucket.tryTake()).toBe(true);
    time.advance(1_999);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.snapshot().msUntilNextToken).toBe(1);
    time.advance(1);
    expect(bucket.tryTake()).toBe(true);
  });

  it('neither gains nor loses tokens when the clock steps back', () => {
    const time = fakeClock(10_000);
    const bucket = new TokenBucket({ rateLimit: 1, burstLimit: 2 }, time.clock);
    bucket.tryTake();
    time.set(5_000);
    expect(bucket.snapshot().tokens).toBe(1);
    time.set(10_500);
    // Refill resumes from the latest time seen (10 000), not from the earlier reading.
    expect(bucket.snapshot().tokens).toBeCloseTo(1.5, 10);
  });

  it('rejects negative or non-finite settings', () => {
    expect(() => new TokenBucket({ rateLimit: -1, burstLimit: 1 }, () => 0)).toThrow(/rateLimit/);
    expect(() => new TokenBucket({ rateLimit: 1, burstLimit: Number.NaN }, () => 0)).toThrow(/burstLimit/);
  });
});

describe('TokenBucket (property)', () => {
  const settings = fc.record({
    rateLimit: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0.1, max: 50, noNaN: true })),
    burstLimit: fc.integer({ min: 0, max: 20 }),
  });
  const gaps = fc.array(
    fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 3_000 })),
    {
      minLength: 1,
      maxLength: 150,
    },
  );

  it('never admits more than burstLimit + rateLimit * t requests in any window of t seconds', () => {
    fc.assert(
      fc.property(settings, gaps, ({ rateLimit, burstLimit }, steps) => {
        let now = 0;
        const bucket = new TokenBucket({ rateLimit, burstLimit }, () => now);
        const admittedAt: number[] = [];
        for (const gap of steps) {
          now += gap;
          if (bucket.tryTake()) admittedAt.push(now);
        }
        for (let first = 0; first < admittedAt.length; first += 1) {
          for (let last = first; last < admittedAt.length; last += 1) {
            const seconds = ((admittedAt[last] as number) - (admittedAt[first] as number)) / 1000;
            expect(last - first + 1).toBeLessThanOrEqual(burstLimit + rateLimit * seconds + 1e-9);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('admits every request of a client that never outpaces the rate (burstLimit >= 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 100 }),
        (rateLimit, burstLimit, extraGaps) => {
          let now = 0;
          const bucket = new TokenBucket({ rateLimit, burstLimit }, () => now);
          const interval = Math.ceil(1000 / rateLimit);
          for (const extra of extraGaps) {
            expect(bucket.tryTake()).toBe(true);
            now += interval + extra;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('admits exactly min(n, burstLimit) of n simultaneous requests', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 }), (burstLimit, n) => {
        const bucket = new TokenBucket({ rateLimit: 5, burstLimit }, () => 42);
        const admitted = Array.from({ length: n }, () => bucket.tryTake()).filter(Boolean).length;
        expect(admitted).toBe(Math.min(n, burstLimit));
      }),
    );
  });
});
