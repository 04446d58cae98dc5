import {
  InventoryReleased,
  InventoryReservationFailed,
  InventoryReserved,
  StockLow,
  type EventPublisher,
  type PublishRequest,
} from '@stratus/events';
import type { InventoryEvent } from '../../domain/inventory-events';
import type { InventoryEventPublisher, PublishContext } from '../../ports/event-publisher';

/** Inventory's events onto the bus through the catalog's validating, batching publisher. */
export class EventBridgeInventoryPublisher implements InventoryEventPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(events: InventoryEvent[], context: PublishContext): Promise<void> {
    if (events.length === 0) return;
    await this.publisher.publishAll(events.map((event) => toRequest(event, context)));
  }
}

function toRequest(event: InventoryEvent, context: PublishContext): PublishRequest {
  switch (event.type) {
    case 'InventoryReserved':
      return { contract: InventoryReserved, data: event.data, context };
    case 'InventoryReservationFailed':
      return { contract: InventoryReservationFailed, data: event.data, context };
    case 'InventoryReleased':
      return { contract: InventoryReleased, data: event.data, context };
    case 'StockLow':
      return { contract: StockLow, data: event.data, context };
  }
}
