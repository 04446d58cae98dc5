import type { LineShortfall, PlannedLine } from './reservation-plan';

export type ReleaseReason = 'ORDER_CANCELLED' | 'RESERVATION_EXPIRED';

/**
 * What inventory remembers per order: one record, keyed by order id, so every event about the
 * order (placed, cancelled, confirmed; each possibly twice, in any order) meets the same record.
 */
export interface HeldReservation {
  status: 'HELD';
  orderId: string;
  reservationId: string;
  lines: PlannedLine[];
  reservedAt: string;
  expiresAt: string;
}

export interface CommittedReservation extends Omit<HeldReservation, 'status'> {
  status: 'COMMITTED';
  committedAt: string;
}

export interface ReleasedReservation {
  status: 'RELEASED';
  orderId: string;
  /** Absent for a tombstone: the cancellation arrived before the order was ever reserved. */
  reservationId?: string;
  lines: PlannedLine[];
  releasedAt: string;
  releaseReason: ReleaseReason;
}

/** Nothing was reserved; remembered so a redelivered OrderPlaced gets the same answer. */
export interface RejectedReservation {
  status: 'REJECTED';
  orderId: string;
  reason: 'UNKNOWN_SKU' | 'OUT_OF_STOCK';
  shortfalls: LineShortfall[];
  rejectedAt: string;
}

export type Reservation = HeldReservation | CommittedReservation | ReleasedReservation | RejectedReservation;

/** OrderPlaced: reserve once; a redelivery repeats the answer already given. */
export type OnOrderPlaced =
  | { action: 'reserve' }
  | { action: 'announce-reserved'; reservation: HeldReservation | CommittedReservation }
  | { action: 'announce-rejected'; reservation: RejectedReservation }
  /** The order was cancelled before (or after) it was reserved: nothing to hold, nothing to say. */
  | { action: 'ignore'; because: 'ALREADY_RELEASED' };

export function onOrderPlaced(existing: Reservation | undefined): OnOrderPlaced {
  if (existing === undefined) return { action: 'reserve' };
  switch (existing.status) {
    case 'HELD':
    case 'COMMITTED':
      return { action: 'announce-reserved', reservation: existing };
    case 'REJECTED':
      return { action: 'announce-rejected', reservation: existing };
    case 'RELEASED':
      return { action: 'ignore', because: 'ALREADY_RELEASED' };
  }
}

/** OrderCancelled: give held units back; remember a cancel that overtook the placement. */
export type OnOrderCancelled =
  | { action: 'release'; reservation: HeldReservation }
  | { action: 'record-tombstone' }
  | { action: 'ignore'; because: 'ALREADY_RELEASED' | 'NOTHING_RESERVED' }
  /** Units already sold cannot come back through a cancellation; someone must look. */
  | { action: 'refuse'; because: 'ALREADY_COMMITTED' };

export function onOrderCancelled(existing: Reservation | undefined): OnOrderCancelled {
  if (existing === undefined) return { action: 'record-tombstone' };
  switch (existing.status) {
    case 'HELD':
      return { action: 'release', reservation: existing };
    case 'RELEASED':
      return { action: 'ignore', because: 'ALREADY_RELEASED' };
    case 'REJECTED':
      return { action: 'ignore', because: 'NOTHING_RESERVED' };
    case 'COMMITTED':
      return { action: 'refuse', because: 'ALREADY_COMMITTED' };
  }
}

/** OrderConfirmed: the held units become sold. */
export type OnOrderConfirmed =
  | { action: 'commit'; reservation: HeldReservation }
  | { action: 'ignore'; because: 'ALREADY_COMMITTED' }
  /** Confirmed without a live hold: the units may have been sold to someone else. */
  | { action: 'refuse'; because: 'NOT_RESERVED' | 'ALREADY_RELEASED' | 'WAS_REJECTED' };

export function onOrderConfirmed(existing: Reservation | undefined): OnOrderConfirmed {
  if (existing === undefined) return { action: 'refuse', because: 'NOT_RESERVED' };
  switch (existing.status) {
    case 'HELD':
      return { action: 'commit', reservation: existing };
    case 'COMMITTED':
      return { action: 'ignore', because: 'ALREADY_COMMITTED' };
    case 'RELEASED':
      return { action: 'refuse', because: 'ALREADY_RELEASED' };
    case 'REJECTED':
      return { action: 'refuse', because: 'WAS_REJECTED' };
  }
}

/**
 * Inventory's own expiry (a backstop: orders cancels overdue orders first, see the README).
 * A hold is released once `now` has passed its expiry plus `graceSeconds`.
 */
export type OnHoldExpiry = { action: 'release'; reservation: HeldReservation } | { action: 'ignore' };

export function onHoldExpiry(
  existing: Reservation | undefined,
  now: Date,
  graceSeconds: number,
): OnHoldExpiry {
  if (existing?.status !== 'HELD') return { action: 'ignore' };
  const releaseAt = Date.parse(existing.expiresAt) + graceSeconds * 1000;
  return now.getTime() >= releaseAt ? { action: 'release', reservation: existing } : { action: 'ignore' };
}
