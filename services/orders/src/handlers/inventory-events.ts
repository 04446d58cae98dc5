import { InventoryReleased, InventoryReservationFailed, InventoryReserved } from '@stratus/events';
import { sqsEventHandler } from '@stratus/lambda';
import { handleInventoryOutcome, type InventoryOutcome } from '../application/handle-inventory-outcome';
import { countTerminal } from './order-metrics';
import { ordersDependencies } from './wiring';

/**
 * Inventory's answers to OrderPlaced (and its expiry backstop), from the queue an EventBridge rule
 * fills. Each event is applied to its order by the state machine; the event id is written with the
 * change, so a redelivery changes nothing. Failed records go back to the queue, then to its DLQ.
 */
export const inventoryEventsHandler = (deps = ordersDependencies) =>
  sqsEventHandler(
    [InventoryReserved, InventoryReservationFailed, InventoryReleased],
    async (event, message) => {
      const outcome = await handleInventoryOutcome(
        deps(),
        { detailType: event.detailType, data: event.data } as InventoryOutcome,
        event.metadata.eventId,
      );
      if (outcome.kind === 'applied') countTerminal(outcome.order);
      message.logger.info('Inventory event applied', {
        detailType: event.detailType,
        orderId: event.data.orderId,
        outcome: outcome.kind,
        ...(outcome.kind === 'applied' || outcome.kind === 'ignored' ? { status: outcome.order.status } : {}),
        ...(outcome.kind === 'ignored' ? { because: outcome.transition.because } : {}),
      });
    },
  );

export const handler = inventoryEventsHandler();
