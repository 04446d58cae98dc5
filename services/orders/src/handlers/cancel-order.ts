import { OrderId } from '@stratus/events';
import { ConflictError, ForbiddenError, httpHandler, NotFoundError } from '@stratus/lambda';
import { z } from 'zod';
import { cancelByCustomer } from '../application/cancel-by-customer';
import { toOrderView } from '../domain/order-view';
import { countTerminal } from './order-metrics';
import { principalOf } from './http-inputs';
import { ordersDependencies } from './wiring';

const Params = z.strictObject({ orderId: OrderId });

/**
 * POST /orders/{orderId}/cancel (the owner): 200 with the cancelled order, also when it was
 * already cancelled by the customer; 409 once confirmed or cancelled for another reason.
 */
export const cancelOrderHandler = (deps = ordersDependencies) =>
  httpHandler({ params: Params, roles: ['customer', 'admin'] }, async ({ params, auth }) => {
    const outcome = await cancelByCustomer(deps(), params.orderId, principalOf(auth));
    switch (outcome.kind) {
      case 'cancelled':
        if (outcome.applied) countTerminal(outcome.order);
        return toOrderView(outcome.order);
      case 'not-found':
        throw new NotFoundError(`order ${params.orderId} was not found`, { code: 'ORDER_NOT_FOUND' });
      case 'not-owner':
        throw new ForbiddenError('only the customer who placed an order may cancel it', {
          code: 'NOT_ORDER_OWNER',
        });
      case 'already-confirmed':
        throw new ConflictError('the order is confirmed and can no longer be cancelled', {
          code: 'ORDER_ALREADY_CONFIRMED',
        });
      case 'already-cancelled':
        throw new ConflictError(
          `the order was already cancelled (${outcome.order.status === 'CANCELLED' ? outcome.order.cancellation.reason : outcome.order.status})`,
          { code: 'ORDER_ALREADY_CANCELLED' },
        );
    }
  });

export const handler = cancelOrderHandler();
