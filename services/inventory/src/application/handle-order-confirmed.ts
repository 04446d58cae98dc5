import { onOrderConfirmed } from '../domain/reservation';
import { SagaInconsistencyError, type InventoryDependencies } from './inventory-dependencies';

export interface OrderConfirmedOutcome {
  result: 'committed' | 'ignored';
}

const MAX_ROUNDS = 3;

/** OrderConfirmed: the held units become sold. Nothing is announced. */
export async function handleOrderConfirmed(
  deps: InventoryDependencies,
  order: { orderId: string },
): Promise<OrderConfirmedOutcome> {
  let current = await deps.store.getReservation(order.orderId);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const decision = onOrderConfirmed(current);
    switch (decision.action) {
      case 'ignore':
        return { result: 'ignored' };
      case 'refuse':
        throw new SagaInconsistencyError(
          `order ${order.orderId} was confirmed without a live reservation (${decision.because})`,
        );
      case 'commit': {
        const committed = await deps.store.commit(decision.reservation, deps.clock.now());
        if (committed.outcome === 'done') return { result: 'committed' };
        current = committed.current;
        break;
      }
    }
  }
  throw new Error(`reservation of order ${order.orderId} kept changing while it was being committed`);
}
