import type {
  EventData,
  InventoryReleased,
  InventoryReservationFailed,
  InventoryReserved,
} from '@stratus/events';
import type { OrderInput } from '../domain/order-inputs';
import { applyToOrder, type ApplyOutcome } from './apply-to-order';
import type { OrdersDependencies } from './orders-dependencies';

export type InventoryOutcome =
  | { detailType: 'InventoryReserved'; data: EventData<typeof InventoryReserved> }
  | { detailType: 'InventoryReservationFailed'; data: EventData<typeof InventoryReservationFailed> }
  | { detailType: 'InventoryReleased'; data: EventData<typeof InventoryReleased> };

/** An inventory event names an order this service does not have: retried, then dead-lettered. */
export class UnknownOrderError extends Error {
  override readonly name = 'UnknownOrderError';
}

/** A transition the state machine refuses for this order (something upstream is broken). */
export class RefusedInputError extends Error {
  override readonly name = 'RefusedInputError';
}

/** What inventory announced, as an input of the order's state machine. */
export function inputOf(outcome: InventoryOutcome): OrderInput {
  switch (outcome.detailType) {
    case 'InventoryReserved':
      return {
        type: 'InventoryReserved',
        reservationId: outcome.data.reservationId,
        expiresAt: outcome.data.expiresAt,
      };
    case 'InventoryReservationFailed':
      return {
        type: 'InventoryReservationFailed',
        reason: outcome.data.reason,
        skus: outcome.data.lines.map((line) => line.sku),
      };
    case 'InventoryReleased':
      return {
        type: 'InventoryReleased',
        reservationId: outcome.data.reservationId,
        reason: outcome.data.reason,
      };
  }
}

/**
 * The saga's inventory half: InventoryReserved moves the order on to payment (the payment request
 * is written with the state change), a failed reservation or an expired hold cancels it. The
 * event's id is recorded with the change, so a redelivered event changes nothing; events that
 * arrive late or out of order are answered by the state machine.
 */
export async function handleInventoryOutcome(
  deps: OrdersDependencies,
  outcome: InventoryOutcome,
  eventId: string,
): Promise<ApplyOutcome> {
  const result = await applyToOrder(deps, outcome.data.orderId, inputOf(outcome), { messageId: eventId });
  if (result.kind === 'not-found') {
    throw new UnknownOrderError(
      `${outcome.detailType} ${eventId} names order ${outcome.data.orderId}, which does not exist`,
    );
  }
  if (result.kind === 'refused') {
    throw new RefusedInputError(`${outcome.detailType} ${eventId}: ${result.transition.refusal.message}`);
  }
  return result;
}
