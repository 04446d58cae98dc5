import { findContract } from '@stratus/events';
import {
  releasedEvent,
  reservationFailedEvent,
  reservedEvent,
  stockLowEvent,
  type InventoryEvent,
} from '../../../src/domain/inventory-events';

const orderId = '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69';
const reservationId = '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d';
const lines = [
  {
    sku: 'HOT-001',
    quantity: 3,
    takes: [
      { shard: 2, quantity: 1 },
      { shard: 3, quantity: 2 },
    ],
  },
  { sku: 'MUG-001', quantity: 1, takes: [{ shard: 0, quantity: 1 }] },
];

const events: InventoryEvent[] = [
  reservedEvent({
    status: 'HELD',
    orderId,
    reservationId,
    lines,
    reservedAt: '2026-11-27T10:00:00.000Z',
    expiresAt: '2026-11-27T10:15:00.000Z',
  }),
  reservationFailedEvent({
    status: 'REJECTED',
    orderId,
    reason: 'UNKNOWN_SKU',
    shortfalls: [
      { sku: 'NOPE-404', requested: 1, available: 0, reason: 'UNKNOWN_SKU' },
      { sku: 'MUG-001', requested: 30, available: 12, reason: 'OUT_OF_STOCK' },
    ],
    rejectedAt: '2026-11-27T10:00:00.000Z',
  }),
  releasedEvent({
    status: 'RELEASED',
    orderId,
    reservationId,
    lines,
    releasedAt: '2026-11-27T10:05:00.000Z',
    releaseReason: 'RESERVATION_EXPIRED',
  }),
  stockLowEvent('HOT-001', 3, 10, new Date('2026-11-27T10:00:00.000Z')),
];

describe('events the inventory domain builds', () => {
  it.each(events.map((e) => [e.type, e] as const))(
    '%s validates against its catalog contract',
    (_type, event) => {
      const contract = findContract('stratus.inventory', event.type);
      expect(contract).toBeDefined();
      expect(contract!.data.safeParse(event.data).error?.issues ?? []).toEqual([]);
    },
  );

  it('announces lines without the shard breakdown, which is inventory-internal', () => {
    expect(events[0]!.data).toMatchObject({
      lines: [
        { sku: 'HOT-001', quantity: 3 },
        { sku: 'MUG-001', quantity: 1 },
      ],
    });
  });
});
