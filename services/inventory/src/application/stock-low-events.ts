import { stockLowEvent, type InventoryEvent } from '../domain/inventory-events';
import { crossedStockLow } from '../domain/stock-low';

/** StockLow for every SKU whose available units crossed its threshold downwards. */
export function stockLowEvents(
  changes: { sku: string; before: number; after: number; threshold: number }[],
  at: Date,
): InventoryEvent[] {
  return changes
    .filter((change) => crossedStockLow(change.before, change.after, change.threshold))
    .map((change) => stockLowEvent(change.sku, Math.max(0, change.after), change.threshold, at));
}
