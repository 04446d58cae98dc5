import type {
  EventDataInput,
  InventoryReleased,
  InventoryReservationFailed,
  InventoryReserved,
  StockLow,
} from '@stratus/events';
import type {
  HeldReservation,
  CommittedReservation,
  RejectedReservation,
  ReleasedReservation,
} from './reservation';

/** Events inventory announces; `data` is typed from the catalog contract of the same name. */
export type InventoryEvent =
  | { type: 'InventoryReserved'; data: EventDataInput<typeof InventoryReserved> }
  | { type: 'InventoryReservationFailed'; data: EventDataInput<typeof InventoryReservationFailed> }
  | { type: 'InventoryReleased'; data: EventDataInput<typeof InventoryReleased> }
  | { type: 'StockLow'; data: EventDataInput<typeof StockLow> };

export function reservedEvent(reservation: HeldReservation | CommittedReservation): InventoryEvent {
  return {
    type: 'InventoryReserved',
    data: {
      orderId: reservation.orderId,
      reservationId: reservation.reservationId,
      lines: reservation.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      reservedAt: reservation.reservedAt,
      expiresAt: reservation.expiresAt,
    },
  };
}

export function reservationFailedEvent(rejection: RejectedReservation): InventoryEvent {
  return {
    type: 'InventoryReservationFailed',
    data: {
      orderId: rejection.orderId,
      reason: rejection.reason,
      lines: rejection.shortfalls.map(({ sku, requested, available, reason }) => ({
        sku,
        requested,
        available,
        reason,
      })),
      failedAt: rejection.rejectedAt,
    },
  };
}

/** Only for a release that gave units back (a tombstone has no reservation to announce). */
export function releasedEvent(release: ReleasedReservation & { reservationId: string }): InventoryEvent {
  return {
    type: 'InventoryReleased',
    data: {
      orderId: release.orderId,
      reservationId: release.reservationId,
      reason: release.releaseReason,
      lines: release.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      releasedAt: release.releasedAt,
    },
  };
}

export function stockLowEvent(sku: string, available: number, threshold: number, at: Date): InventoryEvent {
  return { type: 'StockLow', data: { sku, available, threshold, detectedAt: at.toISOString() } };
}
