import { OrderId } from '@stratus/events';
import { httpHandler, NotFoundError } from '@stratus/lambda';
import { z } from 'zod';
import { readOrder } from '../application/read-orders';
import { toOrderView } from '../domain/order-view';
import { principalOf } from './http-inputs';
import { ordersDependencies } from './wiring';

const Params = z.strictObject({ orderId: OrderId });

/** GET /orders/{orderId}: the owner or an admin; anyone else gets the same 404 as for no order. */
export const getOrderHandler = (deps = ordersDependencies) =>
  httpHandler({ params: Params, roles: ['customer', 'admin'] }, async ({ params, auth }) => {
    const order = await readOrder(deps().store, params.orderId, principalOf(auth));
    if (order === undefined)
      throw new NotFoundError(`order ${params.orderId} was not found`, { code: 'ORDER_NOT_FOUND' });
    return toOrderView(order);
  });

export const handler = getOrderHandler();
