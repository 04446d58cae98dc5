import type { InventoryEvent } from '../../../src/domain/inventory-events';
import type { InventoryEventPublisher, PublishContext } from '../../../src/ports/event-publisher';

/** Test double of the publisher port: keeps what the use cases announce, in order. */
export class RecordingPublisher implements InventoryEventPublisher {
  readonly published: { event: InventoryEvent; context: PublishContext }[] = [];
  failNext = false;

  async publish(events: InventoryEvent[], context: PublishContext): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('bus unavailable');
    }
    for (const event of events) this.published.push({ event, context });
  }

  types(): string[] {
    return this.published.map((p) => p.event.type);
  }
}
