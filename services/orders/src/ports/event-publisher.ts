import type { OutboxEvent } from './outbox-event';

/**
 * Publishes stored outbox events to the bus (the stream handler calls it). Implementations map
 * each domain event to its @stratus/events contract and keep `eventId` as the envelope's id.
 */
export interface OrderEventPublisher {
  publish(events: OutboxEvent[]): Promise<void>;
}
