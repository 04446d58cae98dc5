import { randomUUID } from 'node:crypto';
import { releasedEvent, type InventoryEvent } from '../domain/inventory-events';
import { onHoldExpiry } from '../domain/reservation';
import type { InventoryDependencies } from './inventory-dependencies';

export interface ExpiryRunOutcome {
  examined: number;
  released: number;
  events: InventoryEvent[];
}

/**
 * The expiry backstop, run on a schedule: releases holds still HELD `expiryGraceSeconds` after
 * they expired. Orders cancels overdue orders itself first (see the README); this catches holds
 * whose order was never settled.
 */
export async function releaseExpiredHolds(
  deps: InventoryDependencies,
  batchSize = 100,
): Promise<ExpiryRunOutcome> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - deps.expiryGraceSeconds * 1000);
  const expired = await deps.store.findExpiredHolds(cutoff, batchSize);
  const events: InventoryEvent[] = [];
  for (const hold of expired) {
    const decision = onHoldExpiry(
      await deps.store.getReservation(hold.orderId),
      now,
      deps.expiryGraceSeconds,
    );
    if (decision.action !== 'release') continue;
    const released = await deps.store.release(decision.reservation, 'RESERVATION_EXPIRED', now);
    if (released.outcome !== 'done' || released.reservation.status !== 'RELEASED') continue;
    const event = releasedEvent({
      ...released.reservation,
      reservationId: decision.reservation.reservationId,
    });
    // A backstop release starts no request, so it gets its own correlation id.
    await deps.publisher.publish([event], { correlationId: `expiry-${randomUUID()}` });
    events.push(event);
  }
  return { examined: expired.length, released: events.length, events };
}
