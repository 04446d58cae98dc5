import { BadRequestError, httpHandler } from '@stratus/lambda';
import { z } from 'zod';
import { listCustomerOrders } from '../application/read-orders';
import { DEFAULT_PAGE_SIZE, InvalidCursorError, MAX_PAGE_SIZE } from '../domain/order-list-cursor';
import { toOrderView } from '../domain/order-view';
import { ordersDependencies } from './wiring';

const Query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  cursor: z.string().min(1).optional(),
});

/** GET /orders?limit=&cursor=: the caller's own orders, newest first; `nextCursor` until the last page. */
export const listOrdersHandler = (deps = ordersDependencies) =>
  httpHandler({ query: Query, roles: ['customer', 'admin'] }, async ({ query, auth }) => {
    try {
      const page = await listCustomerOrders(deps().store, auth.sub, {
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      return {
        orders: page.orders.map(toOrderView),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      };
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      throw new BadRequestError(error.message, {
        code: 'INVALID_CURSOR',
        fields: [{ path: 'query.cursor', message: 'not a cursor this API returned' }],
      });
    }
  });

export const handler = listOrdersHandler();
