import { z } from 'zod';
import { defineEvent } from '../define-event';
import { CustomerId, IsoTimestamp, OrderId, OrderLines, ReservationId } from '../schemas';

/** Why an order ended cancelled; the saga maps every failure path onto one of these. */
export const OrderCancellationReason = z.enum([
  'OUT_OF_STOCK',
  'UNKNOWN_SKU',
  'PAYMENT_DECLINED',
  'CANCELLED_BY_CUSTOMER',
  'RESERVATION_EXPIRED',
]);

export const OrderPlaced = defineEvent({
  source: 'stratus.orders',
  detailType: 'OrderPlaced',
  version: 1,
  description:
    'A customer placed an order (status PENDING). Inventory reserves every line or none and answers ' +
    'with InventoryReserved or InventoryReservationFailed.',
  consumers: ['inventory'],
  data: z.strictObject({
    orderId: OrderId,
    customerId: CustomerId,
    items: OrderLines,
    placedAt: IsoTimestamp,
  }),
  examples: [
    {
      orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
      customerId: 'alice',
      items: [
        { sku: 'TSHIRT-RED-XL', quantity: 2 },
        { sku: 'MUG-001', quantity: 1 },
      ],
      placedAt: '2026-11-27T09:15:00.000Z',
    },
  ],
});

export const OrderConfirmed = defineEvent({
  source: 'stratus.orders',
  detailType: 'OrderConfirmed',
  version: 1,
  description:
    'Payment succeeded for a reserved order (status CONFIRMED). Inventory commits the reservation; ' +
    'the order can no longer be cancelled by the customer.',
  consumers: ['inventory', 'batch-reports'],
  data: z.strictObject({
    orderId: OrderId,
    customerId: CustomerId,
    reservationId: ReservationId,
    items: OrderLines,
    confirmedAt: IsoTimestamp,
  }),
  examples: [
    {
      orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
      customerId: 'alice',
      reservationId: '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d',
      items: [
        { sku: 'TSHIRT-RED-XL', quantity: 2 },
        { sku: 'MUG-001', quantity: 1 },
      ],
      confirmedAt: '2026-11-27T09:15:02.310Z',
    },
  ],
});

export const OrderCancelled = defineEvent({
  source: 'stratus.orders',
  detailType: 'OrderCancelled',
  version: 1,
  description:
    'An order ended CANCELLED with a reason. When `reservationId` is present stock was reserved for it ' +
    'and inventory releases that reservation.',
  consumers: ['inventory', 'batch-reports'],
  data: z.strictObject({
    orderId: OrderId,
    customerId: CustomerId,
    reason: OrderCancellationReason,
    items: OrderLines,
    reservationId: ReservationId.optional(),
    cancelledAt: IsoTimestamp,
  }),
  examples: [
    {
      orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
      customerId: 'alice',
      reason: 'PAYMENT_DECLINED',
      items: [{ sku: 'TSHIRT-RED-XL', quantity: 2 }],
      reservationId: '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d',
      cancelledAt: '2026-11-27T09:15:02.310Z',
    },
    {
      orderId: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      customerId: 'bob',
      reason: 'OUT_OF_STOCK',
      items: [{ sku: 'CONSOLE-X', quantity: 1 }],
      cancelledAt: '2026-11-27T09:16:40.000Z',
    },
  ],
});
