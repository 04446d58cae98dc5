import type { InventoryEvent } from '../domain/inventory-events';
import type { RestockRequest } from '../domain/restock';
import { totalsOf } from '../domain/shard-stock';
import type { PublishContext } from '../ports/event-publisher';
import type { RestockResult } from '../ports/stock-store';
import type { InventoryDependencies } from './inventory-dependencies';
import { stockLowEvents } from './stock-low-events';

/** PUT /inventory/{sku}: set available units; a restock below the threshold announces StockLow. */
export async function restockSku(
  deps: InventoryDependencies,
  request: RestockRequest,
  context: PublishContext,
): Promise<{ result: RestockResult; events: InventoryEvent[] }> {
  const now = deps.clock.now();
  const result = await deps.store.restock(request, now);
  if (result.outcome !== 'restocked') return { result, events: [] };
  const events = stockLowEvents(
    [
      {
        sku: request.sku,
        before: result.availableBefore,
        after: totalsOf(result.stock.shards).available,
        threshold: result.stock.lowStockThreshold,
      },
    ],
    now,
  );
  await deps.publisher.publish(events, context);
  return { result, events };
}
