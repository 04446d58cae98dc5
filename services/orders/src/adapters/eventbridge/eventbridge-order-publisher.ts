import {
  EventPublishError,
  OrderCancelled,
  OrderConfirmed,
  OrderPlaced,
  type EventPublisher,
  type PublishRequest,
} from '@stratus/events';
import type { OrderEvent } from '../../domain/order-events';
import type { OrderEventPublisher, PublishOutcome } from '../../ports/event-publisher';
import type { OutboxEvent } from '../../ports/outbox-event';

const CONTRACTS = { OrderPlaced, OrderConfirmed, OrderCancelled } as const;

function requestOf(stored: OutboxEvent): PublishRequest {
  const event: OrderEvent = stored.event;
  return {
    contract: CONTRACTS[event.type],
    data: event.data,
    context: {
      correlationId: stored.correlationId,
      ...(stored.causationId === undefined ? {} : { causationId: stored.causationId }),
    },
    // The ids the outbox stored: publishing again is publishing the same event.
    eventId: stored.eventId,
    occurredAt: stored.occurredAt,
  } as PublishRequest;
}

/**
 * Outbox events onto the bus through @stratus/events' EventPublisher (validation against the
 * catalog, PutEvents batching, retries of failed entries only), keeping each stored eventId.
 */
export class EventBridgeOrderPublisher implements OrderEventPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(events: OutboxEvent[]): Promise<PublishOutcome> {
    try {
      await this.publisher.publishAll(events.map(requestOf));
      return { failedEventIds: [] };
    } catch (error) {
      if (error instanceof EventPublishError)
        return { failedEventIds: error.failed.map((entry) => entry.eventId) };
      if (events.length === 1) throw error;
      // One event the catalog refuses (or too large) stops the whole call before anything is sent:
      // send one by one so that only that event stays behind.
      return this.publishOneByOne(events);
    }
  }

  private async publishOneByOne(events: OutboxEvent[]): Promise<PublishOutcome> {
    const failedEventIds: string[] = [];
    for (const event of events) {
      try {
        await this.publisher.publishAll([requestOf(event)]);
      } catch {
        failedEventIds.push(event.eventId);
      }
    }
    return { failedEventIds };
  }
}
