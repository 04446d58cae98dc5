import { randomUUID } from 'node:crypto';
import { OrderCancelled, OrderConfirmed, OrderPlaced } from '@stratus/events';
import { busPublisher, closeBusClients, deadLetterDepths, replaySince } from './support/bus';
import { holdInventoryAnswersFromOrders } from './support/held-answers';
import type { HeldAnswers } from './support/held-answers';
import { restock, stockOf, waitForStock } from './support/inventory-api';
import { queuesDrained, replayDelivered } from './support/queues';
import { eventsOfOrder, waitForOrderEvent } from './support/saga-events';
import { sagaStack } from './support/saga-stack';
import { uniqueSku } from './support/unique';

/**
 * Inventory's half of the saga contract, driven the way orders drives it: OrderPlaced,
 * OrderConfirmed and OrderCancelled published on the bus (as the orders service publishes them),
 * answers read from the bus archive, stock read through `GET /inventory/{sku}`. No orders code
 * and no inventory code is imported: only the event catalog and HTTP.
 */
describe('inventory answers the orders events on the bus', () => {
  const customerId = 'e2e-bus-customer';
  let dlqBefore: Record<string, number>;

  let held: HeldAnswers | undefined;

  beforeAll(async () => {
    dlqBefore = await deadLetterDepths();
    // The orders in this file exist only on the bus: keep inventory's answers about them away
    // from the orders service (which rightly refuses events about orders it never created).
    if (sagaStack().isRunning('orders')) held = await holdInventoryAnswersFromOrders();
  });

  afterAll(async () => {
    await held?.release();
    // Nothing of this file may have ended in a dead-letter queue.
    expect(await deadLetterDepths()).toEqual(dlqBefore);
    closeBusClients();
  });

  const place = async (orderId: string, items: { sku: string; quantity: number }[]) =>
    busPublisher().publish(
      OrderPlaced,
      { orderId, customerId, items, placedAt: new Date().toISOString() },
      { correlationId: `e2e-${orderId}` },
    );

  it('reserves all lines, refuses a short order without holding anything, and commits on confirmation', async () => {
    const sku = uniqueSku('E2EBUS');
    await restock(sku, 5, { shards: 2 });

    const reservedOrder = randomUUID();
    await place(reservedOrder, [{ sku, quantity: 2 }]);
    const reserved = await waitForOrderEvent(reservedOrder, 'InventoryReserved');
    expect(reserved.event.source).toBe('stratus.inventory');
    expect(reserved.event.detail.metadata.correlationId).toBe(`e2e-${reservedOrder}`);
    expect(reserved.event.detail.data).toMatchObject({
      orderId: reservedOrder,
      lines: [{ sku, quantity: 2 }],
    });
    expect(await stockOf(sku)).toMatchObject({ available: 3, reserved: 2, sold: 0 });

    const shortOrder = randomUUID();
    await place(shortOrder, [{ sku, quantity: 4 }]);
    const failed = await waitForOrderEvent(shortOrder, 'InventoryReservationFailed');
    expect(failed.event.detail.data).toMatchObject({
      reason: 'OUT_OF_STOCK',
      lines: [{ sku, requested: 4, available: 3, reason: 'OUT_OF_STOCK' }],
    });
    expect(await stockOf(sku)).toMatchObject({ available: 3, reserved: 2, sold: 0 });

    await busPublisher().publish(
      OrderConfirmed,
      {
        orderId: reservedOrder,
        customerId,
        reservationId: String(reserved.event.detail.data.reservationId),
        items: [{ sku, quantity: 2 }],
        confirmedAt: new Date().toISOString(),
      },
      { correlationId: `e2e-${reservedOrder}` },
    );
    await waitForStock(sku, { available: 3, reserved: 0, sold: 2 });
  });

  it('answers UNKNOWN_SKU for a SKU that was never stocked', async () => {
    const orderId = randomUUID();
    const missing = uniqueSku('E2ENONE');
    await place(orderId, [{ sku: missing, quantity: 1 }]);
    const failed = await waitForOrderEvent(orderId, 'InventoryReservationFailed');
    expect(failed.event.detail.data).toMatchObject({
      reason: 'UNKNOWN_SKU',
      lines: [{ sku: missing, requested: 1, available: 0, reason: 'UNKNOWN_SKU' }],
    });
  });

  it('releases on OrderCancelled, and a replay of the whole window changes nothing', async () => {
    const sku = uniqueSku('E2EREL');
    await restock(sku, 3);
    const since = new Date(Date.now() - 1_000);
    const orderId = randomUUID();
    await place(orderId, [{ sku, quantity: 3 }]);
    const reserved = await waitForOrderEvent(orderId, 'InventoryReserved');
    expect(await stockOf(sku)).toMatchObject({ available: 0, reserved: 3 });

    await busPublisher().publish(
      OrderCancelled,
      {
        orderId,
        customerId,
        reason: 'CANCELLED_BY_CUSTOMER',
        items: [{ sku, quantity: 3 }],
        reservationId: String(reserved.event.detail.data.reservationId),
        cancelledAt: new Date().toISOString(),
      },
      { correlationId: `e2e-${orderId}` },
    );
    await waitForOrderEvent(orderId, 'InventoryReleased');
    await waitForStock(sku, { available: 3, reserved: 0, sold: 0 });
    const releasesBefore = eventsOfOrder(orderId).filter(
      (e) => e.event['detail-type'] === 'InventoryReleased',
    );
    expect(releasesBefore).toHaveLength(1);

    // Deliver OrderPlaced and OrderCancelled again (and inventory's own answers to their consumers).
    const ordersEvents = { source: ['stratus.orders'], detail: { data: { orderId: [orderId] } } };
    const replay = await replaySince(since, { pattern: ordersEvents });
    expect(replay.eventsReplayed).toBe(2);
    await replayDelivered(replay.replayName, 2);
    await queuesDrained();
    // The replayed OrderPlaced meets the RELEASED record: no second hold; the replayed
    // OrderCancelled finds nothing held: no second release.
    expect(await stockOf(sku)).toMatchObject({ available: 3, reserved: 0, sold: 0 });
    expect(eventsOfOrder(orderId).filter((e) => e.event['detail-type'] === 'InventoryReleased')).toHaveLength(
      1,
    );
  });
});
