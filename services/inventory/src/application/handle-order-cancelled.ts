import { releasedEvent, type InventoryEvent } from '../domain/inventory-events';
import { onOrderCancelled } from '../domain/reservation';
import type { PublishContext } from '../ports/event-publisher';
import { SagaInconsistencyError, type InventoryDependencies } from './inventory-dependencies';

export interface OrderCancelledOutcome {
  result: 'released' | 'tombstoned' | 'ignored';
  events: InventoryEvent[];
}

const MAX_ROUNDS = 3;

/**
 * OrderCancelled: give a held reservation back to stock and announce it; if the order was never
 * reserved (the cancel overtook the placement), leave a tombstone so a late OrderPlaced is ignored.
 */
export async function handleOrderCancelled(
  deps: InventoryDependencies,
  order: { orderId: string },
  context: PublishContext,
): Promise<OrderCancelledOutcome> {
  let current = await deps.store.getReservation(order.orderId);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const decision = onOrderCancelled(current);
    const now = deps.clock.now();
    switch (decision.action) {
      case 'ignore':
        return { result: 'ignored', events: [] };
      case 'refuse':
        throw new SagaInconsistencyError(
          `order ${order.orderId} was cancelled after its stock was sold (${decision.because})`,
        );
      case 'record-tombstone': {
        const written = await deps.store.recordTombstone(order.orderId, now);
        if (written.outcome === 'done') return { result: 'tombstoned', events: [] };
        current = written.current;
        break;
      }
      case 'release': {
        const released = await deps.store.release(decision.reservation, 'ORDER_CANCELLED', now);
        if (released.outcome === 'done' && released.reservation.status === 'RELEASED') {
          const events = [
            releasedEvent({ ...released.reservation, reservationId: decision.reservation.reservationId }),
          ];
          await deps.publisher.publish(events, context);
          return { result: 'released', events };
        }
        current = released.outcome === 'conflict' ? released.current : released.reservation;
        break;
      }
    }
  }
  throw new Error(`reservation of order ${order.orderId} kept changing while it was being released`);
}
