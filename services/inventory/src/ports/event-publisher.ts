import type { InventoryEvent } from '../domain/inventory-events';

export interface PublishContext {
  correlationId: string;
  /** Id of the event that caused these (the consumed event's `metadata.eventId`). */
  causationId?: string;
}

/** Announces inventory's events on the bus (adapter over @stratus/events' EventPublisher). */
export interface InventoryEventPublisher {
  publish(events: InventoryEvent[], context: PublishContext): Promise<void>;
}
