import { z } from 'zod';
import type { Reservation } from '../../domain/reservation';
import type { ShardStock } from '../../domain/shard-stock';
import { holdsByExpiry, keys } from './inventory-table';

/**
 * Item <-> domain mapping. Items are parsed on the way in, so a malformed item fails loudly
 * where it is read instead of somewhere downstream.
 */
const Take = z.object({ shard: z.int().min(0), quantity: z.int().min(1) });
const Line = z.object({ sku: z.string(), quantity: z.int().min(1), takes: z.array(Take) });
const Shortfall = z.object({
  sku: z.string(),
  requested: z.int(),
  available: z.int(),
  reason: z.enum(['UNKNOWN_SKU', 'OUT_OF_STOCK']),
});

export const MetaItem = z.object({
  sku: z.string(),
  shardCount: z.int().min(1),
  lowStockThreshold: z.int().min(0),
  restockVersion: z.int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MetaItem = z.infer<typeof MetaItem>;

export const ShardItem = z.object({
  sku: z.string(),
  shard: z.int().min(0),
  available: z.int().min(0),
  reserved: z.int().min(0),
  sold: z.int().min(0),
});

const ReservationItem = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('HELD'),
    orderId: z.string(),
    reservationId: z.string(),
    lines: z.array(Line),
    reservedAt: z.string(),
    expiresAt: z.string(),
  }),
  z.object({
    status: z.literal('COMMITTED'),
    orderId: z.string(),
    reservationId: z.string(),
    lines: z.array(Line),
    reservedAt: z.string(),
    expiresAt: z.string(),
    committedAt: z.string(),
  }),
  z.object({
    status: z.literal('RELEASED'),
    orderId: z.string(),
    reservationId: z.string().optional(),
    lines: z.array(Line),
    releasedAt: z.string(),
    releaseReason: z.enum(['ORDER_CANCELLED', 'RESERVATION_EXPIRED']),
  }),
  z.object({
    status: z.literal('REJECTED'),
    orderId: z.string(),
    reason: z.enum(['UNKNOWN_SKU', 'OUT_OF_STOCK']),
    shortfalls: z.array(Shortfall),
    rejectedAt: z.string(),
  }),
]);

export function toShardStock(item: Record<string, unknown>): ShardStock {
  const { shard, available, reserved, sold } = ShardItem.parse(item);
  return { shard, available, reserved, sold };
}

export function toReservation(item: Record<string, unknown>): Reservation {
  return ReservationItem.parse(item);
}

export interface ReservationItemOptions {
  /** Seconds a finished (committed, released, rejected) reservation is kept before TTL deletes it. */
  retentionSeconds: number;
}

/** Live holds stay findable by expiry and are never deleted by TTL; finished records expire. */
export function reservationItem(
  reservation: Reservation,
  options: ReservationItemOptions,
): Record<string, unknown> {
  const base = { ...keys.reservation(reservation.orderId), type: 'Reservation', ...reservation };
  if (reservation.status === 'HELD') {
    return {
      ...base,
      ...holdsByExpiry.keysFor(reservation.orderId, reservation.expiresAt),
    };
  }
  const finishedAt =
    reservation.status === 'COMMITTED'
      ? reservation.committedAt
      : reservation.status === 'RELEASED'
        ? reservation.releasedAt
        : reservation.rejectedAt;
  return { ...base, ttl: Math.floor(Date.parse(finishedAt) / 1000) + options.retentionSeconds };
}
