import { Sku } from '@stratus/events';
import { httpHandler, NotFoundError } from '@stratus/lambda';
import { z } from 'zod';
import { toStockView } from './stock-view';
import { inventoryDependencies } from './wiring';

const Params = z.strictObject({ sku: Sku });

/** GET /inventory/{sku}: available and reserved units (eventually consistent read). */
export const handler = httpHandler({ params: Params, roles: ['customer', 'admin'] }, async ({ params }) => {
  const stock = await inventoryDependencies().store.getStock(params.sku);
  if (stock === undefined)
    throw new NotFoundError(`no stock is recorded for ${params.sku}`, { code: 'UNKNOWN_SKU' });
  return toStockView(stock);
});
