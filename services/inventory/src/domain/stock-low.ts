/**
 * StockLow is announced when available stock crosses the threshold downwards, once per crossing,
 * not on every sale below it (a flash sale would otherwise flood the bus).
 */
export function crossedStockLow(availableBefore: number, availableAfter: number, threshold: number): boolean {
  return availableBefore > threshold && availableAfter <= threshold;
}
