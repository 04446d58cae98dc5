import { totalsOf } from '../domain/shard-stock';
import type { SkuStock } from '../domain/sku-stock';

/** What `GET`/`PUT /inventory/{sku}` answer: totals, not the shard internals. */
export function toStockView(stock: SkuStock) {
  const totals = totalsOf(stock.shards);
  return {
    sku: stock.sku,
    available: totals.available,
    reserved: totals.reserved,
    sold: totals.sold,
    shards: stock.shardCount,
    lowStockThreshold: stock.lowStockThreshold,
  };
}
