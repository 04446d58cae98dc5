import { z } from 'zod';
import { defineEvent } from '../define-event';
import { IsoTimestamp, OrderId, OrderLines, Quantity, ReservationId, Sku } from '../schemas';

export const ReservationFailureReason = z.enum(['OUT_OF_STOCK', 'UNKNOWN_SKU']);
export const ReleaseReason = z.enum(['ORDER_CANCELLED', 'RESERVATION_EXPIRED']);

export const InventoryReserved = defineEvent({
  source: 'stratus.inventory',
  detailType: 'InventoryReserved',
  version: 1,
  description:
    "Every line of an order was reserved at once. The reservation holds until `expiresAt`, the order's " +
    'payment deadline: orders cancels an order that is not confirmed by then (OrderCancelled, ' +
    'RESERVATION_EXPIRED) and never confirms it later, and inventory releases the hold on that ' +
    'cancellation (InventoryReleased, ORDER_CANCELLED). Inventory releases a hold on its own ' +
    '(InventoryReleased, RESERVATION_EXPIRED) only as a backstop, a grace period after `expiresAt`.',
  consumers: ['orders'],
  data: z.strictObject({
    orderId: OrderId,
    reservationId: ReservationId,
    lines: OrderLines,
    reservedAt: IsoTimestamp,
    expiresAt: IsoTimestamp,
  }),
  examples: [
    {
      orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
      reservationId: '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d',
      lines: [
        { sku: 'TSHIRT-RED-XL', quantity: 2 },
        { sku: 'MUG-001', quantity: 1 },
      ],
      reservedAt: '2026-11-27T09:15:00.480Z',
      expiresAt: '2026-11-27T09:30:00.480Z',
    },
  ],
});

export const InventoryReservationFailed = defineEvent({
  source: 'stratus.inventory',
  detailType: 'InventoryReservationFailed',
  version: 1,
  description:
    'Nothing was reserved for an order. `reason` is UNKNOWN_SKU when any line names an unknown SKU, ' +
    'otherwise OUT_OF_STOCK; `lines` lists each line that could not be served (available is 0 for an unknown SKU).',
  consumers: ['orders'],
  data: z.strictObject({
    orderId: OrderId,
    reason: ReservationFailureReason,
    lines: z
      .array(
        z.strictObject({
          sku: Sku,
          requested: Quantity,
          available: z.int().min(0),
          reason: ReservationFailureReason,
        }),
      )
      .min(1),
    failedAt: IsoTimestamp,
  }),
  examples: [
    {
      orderId: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      reason: 'OUT_OF_STOCK',
      lines: [{ sku: 'CONSOLE-X', requested: 1, available: 0, reason: 'OUT_OF_STOCK' }],
      failedAt: '2026-11-27T09:16:39.950Z',
    },
    {
      orderId: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
      reason: 'UNKNOWN_SKU',
      lines: [
        { sku: 'NOPE-404', requested: 1, available: 0, reason: 'UNKNOWN_SKU' },
        { sku: 'MUG-001', requested: 30, available: 12, reason: 'OUT_OF_STOCK' },
      ],
      failedAt: '2026-11-27T09:17:05.000Z',
    },
  ],
});

export const InventoryReleased = defineEvent({
  source: 'stratus.inventory',
  detailType: 'InventoryReleased',
  version: 1,
  description:
    'A reservation was given back to stock, because its order was cancelled or because it expired ' +
    'before confirmation. On RESERVATION_EXPIRED orders cancels the order.',
  consumers: ['orders'],
  data: z.strictObject({
    orderId: OrderId,
    reservationId: ReservationId,
    reason: ReleaseReason,
    lines: OrderLines,
    releasedAt: IsoTimestamp,
  }),
  examples: [
    {
      orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
      reservationId: '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d',
      reason: 'RESERVATION_EXPIRED',
      lines: [{ sku: 'TSHIRT-RED-XL', quantity: 2 }],
      releasedAt: '2026-11-27T09:30:01.020Z',
    },
  ],
});

export const StockLow = defineEvent({
  source: 'stratus.inventory',
  detailType: 'StockLow',
  version: 1,
  description: "A SKU's available stock fell to or below its restock threshold.",
  consumers: [],
  data: z.strictObject({
    sku: Sku,
    available: z.int().min(0),
    threshold: z.int().min(0),
    detectedAt: IsoTimestamp,
  }),
  examples: [{ sku: 'CONSOLE-X', available: 3, threshold: 10, detectedAt: '2026-11-27T09:16:39.950Z' }],
});
