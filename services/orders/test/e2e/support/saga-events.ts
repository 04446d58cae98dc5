import { archivedEvents } from './bus';
import type { ArchivedEvent } from './bus';
import { WAIT } from './e2e-settings';
import { waitFor } from './eventually';

/** The events of one order that the bus accepted, oldest first. */
export function eventsOfOrder(orderId: string): ArchivedEvent[] {
  return archivedEvents((entry) => entry.event.detail?.data?.orderId === orderId);
}

/** Waits until the bus has accepted a `detailType` event about `orderId`, and returns it. */
export function waitForOrderEvent(
  orderId: string,
  detailType: string,
  timeoutMs: number = WAIT.sagaMs,
): Promise<ArchivedEvent> {
  return waitFor(
    `${detailType} for order ${orderId} on the bus`,
    async () => eventsOfOrder(orderId).find((entry) => entry.event['detail-type'] === detailType),
    {
      timeoutMs,
      describe: () =>
        eventsOfOrder(orderId)
          .map((entry) => entry.event['detail-type'])
          .join(', ') || 'no event of this order',
    },
  );
}

/** How many events of each detail-type the bus accepted for these orders. */
export function countByDetailType(events: readonly ArchivedEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of events)
    counts[entry.event['detail-type']] = (counts[entry.event['detail-type']] ?? 0) + 1;
  return counts;
}

/**
 * For each order, how many distinct `detailType` events (by `metadata.eventId`) the bus
 * accepted: a redelivery of one event counts once, two decisions count twice.
 */
export function distinctEventsPerOrder(
  events: readonly ArchivedEvent[],
  detailType: string,
): Map<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const entry of events) {
    if (entry.event['detail-type'] !== detailType) continue;
    const orderId = String(entry.event.detail.data.orderId);
    const set = ids.get(orderId) ?? new Set<string>();
    set.add(entry.event.detail.metadata.eventId);
    ids.set(orderId, set);
  }
  return new Map([...ids].map(([orderId, set]) => [orderId, set.size]));
}
