import type { OutboxEvent } from './outbox-event';

export interface PublishOutcome {
  /** Ids of the events that did not reach the bus; every other event did. */
  failedEventIds: string[];
}

/**
 * Publishes stored outbox events to the bus (the stream relay calls it). Implementations map
 * each domain event to its @stratus/events contract and keep `eventId` and `occurredAt` as the
 * envelope's, so publishing an event again is publishing the same event.
 */
export interface OrderEventPublisher {
  publish(events: OutboxEvent[]): Promise<PublishOutcome>;
}
