import type { Order } from '../domain/order';
import { canCancel, canRead, type Principal } from '../domain/order-access';
import { applyToOrder } from './apply-to-order';
import type { OrdersDependencies } from './orders-dependencies';

export type CustomerCancelOutcome =
  | { kind: 'cancelled'; order: Order; applied: boolean }
  | { kind: 'not-found' }
  /** The caller may see the order (an admin) but only its customer may cancel it. */
  | { kind: 'not-owner' }
  | { kind: 'already-confirmed'; order: Order }
  /** Cancelled earlier for another reason (out of stock, payment declined, expired). */
  | { kind: 'already-cancelled'; order: Order };

/**
 * `POST /orders/{id}/cancel`: the owner may cancel until the order is confirmed. Cancelling an
 * order the customer already cancelled answers the same again (a retried request is harmless).
 */
export async function cancelByCustomer(
  deps: OrdersDependencies,
  orderId: string,
  principal: Principal,
): Promise<CustomerCancelOutcome> {
  const existing = await deps.store.get(orderId);
  if (existing === undefined || !canRead(existing, principal)) return { kind: 'not-found' };
  if (!canCancel(existing, principal)) return { kind: 'not-owner' };

  const outcome = await applyToOrder(deps, orderId, { type: 'CustomerCancelled' });
  switch (outcome.kind) {
    case 'applied':
      return { kind: 'cancelled', order: outcome.order, applied: true };
    case 'ignored':
      return outcome.transition.because === 'DUPLICATE'
        ? { kind: 'cancelled', order: outcome.order, applied: false }
        : { kind: 'already-cancelled', order: outcome.order };
    case 'refused':
      return { kind: 'already-confirmed', order: outcome.order };
    case 'not-found':
    case 'duplicate':
      // Orders are never deleted and this input carries no message id.
      throw new Error(`order ${orderId} disappeared while it was being cancelled`);
  }
}
