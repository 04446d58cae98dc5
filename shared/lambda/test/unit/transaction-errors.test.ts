import fc from 'fast-check';
import { backoffDelay, cancellationCodes, isConditionalCheckFailed } from '../../src';

describe('DynamoDB transaction errors', () => {
  it('reads the per-item reasons of a cancelled transaction, in order', () => {
    const error = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, {}],
    });
    expect(cancellationCodes(error)).toEqual(['None', 'ConditionalCheckFailed', 'None']);
  });

  it('answers undefined for any other error and [] when the reasons are missing', () => {
    expect(cancellationCodes(new Error('boom'))).toBeUndefined();
    expect(cancellationCodes('text')).toBeUndefined();
    expect(cancellationCodes(null)).toBeUndefined();
    expect(cancellationCodes(Object.assign(new Error(), { name: 'TransactionCanceledException' }))).toEqual(
      [],
    );
  });

  it('recognises a failed condition of a single write only', () => {
    expect(
      isConditionalCheckFailed(Object.assign(new Error(), { name: 'ConditionalCheckFailedException' })),
    ).toBe(true);
    expect(
      isConditionalCheckFailed(Object.assign(new Error(), { name: 'TransactionCanceledException' })),
    ).toBe(false);
    expect(isConditionalCheckFailed(undefined)).toBe(false);
  });

  it('backs off with full jitter below the capped exponential bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, () => r, 10, 250);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.min(250, 10 * 2 ** attempt));
        },
      ),
    );
  });
});
