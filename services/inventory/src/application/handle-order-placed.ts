import { reservationFailedEvent, reservedEvent, type InventoryEvent } from '../domain/inventory-events';
import { onOrderPlaced, type Reservation } from '../domain/reservation';
import type { RequestedLine } from '../domain/reservation-plan';
import type { PublishContext } from '../ports/event-publisher';
import type { InventoryDependencies } from './inventory-dependencies';
import { stockLowEvents } from './stock-low-events';

export interface OrderPlacedOutcome {
  /** What happened: a new reservation or rejection, a repeated announcement, or nothing. */
  result: 'reserved' | 'rejected' | 'announced-again' | 'ignored';
  /** Reserve attempts (more than 1 when shards were contended: the ReservationConflicts metric). */
  attempts: number;
  events: InventoryEvent[];
}

/**
 * OrderPlaced: reserve every line or none, then announce the outcome. A redelivered event meets
 * the stored decision and announces it again (repairing a publish that failed after the write).
 */
export async function handleOrderPlaced(
  deps: InventoryDependencies,
  order: { orderId: string; items: RequestedLine[] },
  context: PublishContext,
): Promise<OrderPlacedOutcome> {
  const existing = await deps.store.getReservation(order.orderId);
  const decision = onOrderPlaced(existing);
  if (decision.action !== 'reserve') return announce(deps, existing, context, 0);

  const now = deps.clock.now();
  const result = await deps.store.reserve(
    {
      orderId: order.orderId,
      reservationId: deps.ids.newId(),
      lines: order.items,
      reservedAt: now,
      expiresAt: new Date(now.getTime() + deps.holdSeconds * 1000),
    },
    deps.random,
  );
  switch (result.outcome) {
    case 'reserved': {
      const events = [
        reservedEvent(result.reservation),
        ...stockLowEvents(
          result.reservation.lines.map((line) => {
            const before = result.stockBefore.get(line.sku)!;
            return {
              sku: line.sku,
              before: before.available,
              after: before.available - line.quantity,
              threshold: before.lowStockThreshold,
            };
          }),
          now,
        ),
      ];
      await deps.publisher.publish(events, context);
      return { result: 'reserved', attempts: result.attempts, events };
    }
    case 'rejected': {
      const events = [reservationFailedEvent(result.rejection)];
      await deps.publisher.publish(events, context);
      return { result: 'rejected', attempts: result.attempts, events };
    }
    case 'already-decided':
      return announce(deps, result.reservation, context, result.attempts);
  }
}

async function announce(
  deps: InventoryDependencies,
  reservation: Reservation | undefined,
  context: PublishContext,
  attempts: number,
): Promise<OrderPlacedOutcome> {
  const decision = onOrderPlaced(reservation);
  const events =
    decision.action === 'announce-reserved'
      ? [reservedEvent(decision.reservation)]
      : decision.action === 'announce-rejected'
        ? [reservationFailedEvent(decision.reservation)]
        : [];
  if (events.length === 0) return { result: 'ignored', attempts, events };
  await deps.publisher.publish(events, context);
  return { result: 'announced-again', attempts, events };
}
