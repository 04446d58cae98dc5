import { Sku } from '@stratus/events';
import { ConflictError, httpHandler, UnprocessableError } from '@stratus/lambda';
import { z } from 'zod';
import { restockSku } from '../application/restock-sku';
import { MAX_SHARD_COUNT } from '../domain/sku-stock';
import { toStockView } from './stock-view';
import { inventoryDependencies } from './wiring';

const Params = z.strictObject({ sku: Sku });
const Body = z.strictObject({
  available: z.int().min(0).max(100_000_000),
  /** Shards to spread the SKU over: 1 by default, 4-10 for flash sales; can grow, never shrink. */
  shards: z.int().min(1).max(MAX_SHARD_COUNT).optional(),
  lowStockThreshold: z.int().min(0).max(100_000_000).optional(),
});

/** PUT /inventory/{sku} (admin): sets the available units; reserved and sold units stay. */
export const handler = httpHandler(
  { params: Params, body: Body, roles: ['admin'] },
  async ({ params, body, correlationId }) => {
    const { result } = await restockSku(
      inventoryDependencies(),
      {
        sku: params.sku,
        available: body.available,
        ...(body.shards === undefined ? {} : { shardCount: body.shards }),
        ...(body.lowStockThreshold === undefined ? {} : { lowStockThreshold: body.lowStockThreshold }),
      },
      { correlationId },
    );
    if (result.outcome === 'refused') {
      throw result.code === 'SHARD_COUNT_CANNOT_SHRINK'
        ? new ConflictError(result.message, { code: result.code })
        : new UnprocessableError(result.message, { code: result.code });
    }
    return toStockView(result.stock);
  },
);
