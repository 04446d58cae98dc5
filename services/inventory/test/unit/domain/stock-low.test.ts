import { crossedStockLow } from '../../../src/domain/stock-low';

describe('crossedStockLow', () => {
  it.each([
    [11, 10, 10, true],
    [20, 3, 10, true],
    [1, 0, 0, true],
    [10, 9, 10, false],
    [30, 11, 10, false],
    [5, 8, 10, false],
    [0, 0, 0, false],
  ])('from %i to %i with threshold %i: %s', (before, after, threshold, expected) => {
    expect(crossedStockLow(before, after, threshold)).toBe(expected);
  });
});
