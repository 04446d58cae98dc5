import type { OrderEvent } from '../domain/order-events';
import type { OutboxCommand } from './outbox-command';

/**
 * A domain event stored in the same write as the state change that caused it, then published
 * from the table's stream. Writing state and event together means a crash between "saved" and
 * "published" cannot lose the event: the stream keeps it until the publisher succeeds.
 */
export interface OutboxEvent {
  /** Becomes the bus event's `metadata.eventId`, the consumers' idempotency key. */
  eventId: string;
  event: OrderEvent;
  correlationId: string;
  /** Id of the event or request that caused this one. */
  causationId?: string;
  occurredAt: string;
}

/** What one state change leaves for the stream to deliver: events for the bus, commands for our queues. */
export type OutboxEntry = OutboxEvent | OutboxCommand;

export const isOutboxCommand = (entry: OutboxEntry): entry is OutboxCommand => 'command' in entry;
