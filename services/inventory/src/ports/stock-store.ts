import type { RandomSource } from '../domain/random-source';
import type { RestockRequest } from '../domain/restock';
import type { HeldReservation, RejectedReservation, ReleaseReason, Reservation } from '../domain/reservation';
import type { RequestedLine } from '../domain/reservation-plan';
import type { SkuStock } from '../domain/sku-stock';

export interface ReserveRequest {
  orderId: string;
  reservationId: string;
  lines: RequestedLine[];
  reservedAt: Date;
  expiresAt: Date;
}

export type ReserveResult =
  | {
      outcome: 'reserved';
      reservation: HeldReservation;
      /** Each SKU's available units and threshold in the snapshot the plan was made from (for StockLow). */
      stockBefore: Map<string, { available: number; lowStockThreshold: number }>;
      /** 1 when the first transaction went through; more when shards were contended. */
      attempts: number;
    }
  | { outcome: 'rejected'; rejection: RejectedReservation; attempts: number }
  /** Another delivery of the same OrderPlaced decided first; here is what it decided. */
  | { outcome: 'already-decided'; reservation: Reservation; attempts: number };

export type RestockResult =
  | { outcome: 'restocked'; stock: SkuStock; availableBefore: number }
  | { outcome: 'refused'; code: 'SHARD_COUNT_CANNOT_SHRINK' | 'INVALID_RESTOCK'; message: string };

/** The reservation changed since it was read (another delivery got there first). */
export type TransitionResult =
  { outcome: 'done'; reservation: Reservation } | { outcome: 'conflict'; current: Reservation | undefined };

export interface ExpiredHold {
  orderId: string;
  expiresAt: string;
}

/**
 * Gave up reserving because other reservations kept winning the same shards. Nothing was
 * reserved; the message should be retried later (the SQS consumer reports it as a failure).
 */
export class ReservationContentionError extends Error {
  override readonly name = 'ReservationContentionError';
  constructor(
    readonly orderId: string,
    readonly attempts: number,
  ) {
    super(`could not reserve order ${orderId} after ${attempts} attempts: shards kept changing`);
  }
}

export interface StockStore {
  getStock(sku: string): Promise<SkuStock | undefined>;

  /** Sets a SKU's available units (creating the SKU when new). */
  restock(request: RestockRequest, now: Date): Promise<RestockResult>;

  getReservation(orderId: string): Promise<Reservation | undefined>;

  /**
   * Reserves every line or none in one transaction, each shard update conditional on
   * `available >= quantity`, so no shard goes negative under any concurrency. On a lost race it
   * re-reads and re-plans from a new random start shard; on no stock it records the rejection.
   */
  reserve(request: ReserveRequest, random: RandomSource): Promise<ReserveResult>;

  /** HELD -> RELEASED: reserved units back to available. */
  release(reservation: HeldReservation, reason: ReleaseReason, now: Date): Promise<TransitionResult>;

  /** HELD -> COMMITTED: reserved units become sold. */
  commit(reservation: HeldReservation, now: Date): Promise<TransitionResult>;

  /** Remembers that an order was cancelled before it was reserved, so a late OrderPlaced is ignored. */
  recordTombstone(orderId: string, now: Date): Promise<TransitionResult>;

  /** Holds whose expiry is before `now`, oldest first (for the expiry backstop). */
  findExpiredHolds(now: Date, limit: number): Promise<ExpiredHold[]>;
}
