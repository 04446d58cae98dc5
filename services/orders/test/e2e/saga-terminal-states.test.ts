import { closeBusClients, deadLetterDepths, replaySince } from './support/bus';
import { pendingTimeoutSeconds, WAIT } from './support/e2e-settings';
import { waitFor } from './support/eventually';
import { whileOrdersHearNothingFromInventory } from './support/held-answers';
import { expectStatus } from './support/http';
import { restock, stockOf, waitForStock } from './support/inventory-api';
import { cancelOrder, getOrder, placeAcceptedOrder, waitForTerminal } from './support/orders-api';
import type { OrderView } from './support/orders-api';
import { queuesDrained, replayDelivered } from './support/queues';
import { distinctEventsPerOrder, eventsOfOrder, waitForOrderEvent } from './support/saga-events';
import { DECLINED_CUSTOMER } from './support/saga-mix';
import { fireSchedule } from './support/schedules';
import { uniqueCustomer, uniqueSku } from './support/unique';

/**
 * One saga per terminal state, through both services and the bus: the order is placed over
 * HTTP, orders publishes OrderPlaced, inventory answers, payment settles; the outcome is read
 * back through the APIs (order status, stock) and the bus archive.
 */
describe('the order saga ends in each terminal state', () => {
  let dlqBefore: Record<string, number>;

  beforeAll(async () => {
    dlqBefore = await deadLetterDepths();
  });

  afterAll(async () => {
    // No saga of this file may have left a message in a dead-letter queue.
    expect(await deadLetterDepths()).toEqual(dlqBefore);
    closeBusClients();
  });

  const detailTypesOf = (orderId: string) =>
    eventsOfOrder(orderId).map((entry) => entry.event['detail-type']);

  it('CONFIRMED: reserved, paid, committed; the customer can no longer cancel', async () => {
    const customer = uniqueCustomer('confirmed');
    const sku = uniqueSku('E2ECONF');
    await restock(sku, 5, { shards: 2 });

    const orderId = await placeAcceptedOrder(customer, [{ sku, quantity: 2 }]);
    const order = await waitForTerminal(customer, orderId);
    expect(order).toMatchObject({ orderId, status: 'CONFIRMED', items: [{ sku, quantity: 2 }] });
    expect(order.confirmedAt).toEqual(expect.any(String));
    expect(order.cancellationReason).toBeUndefined();

    // Inventory commits on OrderConfirmed: the two units move from reserved to sold.
    await waitForStock(sku, { available: 3, reserved: 0, sold: 2 });
    expect(detailTypesOf(orderId)).toEqual(
      expect.arrayContaining(['OrderPlaced', 'InventoryReserved', 'OrderConfirmed']),
    );
    // One correlation id from the HTTP request through every hop of the saga.
    expect(
      new Set(eventsOfOrder(orderId).map((entry) => entry.event.detail.metadata.correlationId)).size,
    ).toBe(1);

    const cancel = await cancelOrder(customer, orderId);
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ error: { code: expect.any(String) } });
    await waitForStock(sku, { available: 3, reserved: 0, sold: 2 });
  });

  it('CANCELLED OUT_OF_STOCK: nothing is reserved and the stock does not move', async () => {
    const customer = uniqueCustomer('short');
    const sku = uniqueSku('E2EOOS');
    await restock(sku, 1);

    const orderId = await placeAcceptedOrder(customer, [{ sku, quantity: 2 }]);
    const order = await waitForTerminal(customer, orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'OUT_OF_STOCK' });
    expect(order.confirmedAt).toBeUndefined();
    expect(detailTypesOf(orderId)).toContain('InventoryReservationFailed');
    expect(detailTypesOf(orderId)).not.toContain('InventoryReserved');
    expect(await stockOf(sku)).toMatchObject({ available: 1, reserved: 0, sold: 0 });
  });

  it('CANCELLED UNKNOWN_SKU: an order naming a SKU inventory never stocked', async () => {
    const customer = uniqueCustomer('unknown');
    const known = uniqueSku('E2EKNOWN');
    await restock(known, 4);
    const missing = uniqueSku('E2EMISSING');

    const orderId = await placeAcceptedOrder(customer, [
      { sku: known, quantity: 1 },
      { sku: missing, quantity: 1 },
    ]);
    const order = await waitForTerminal(customer, orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'UNKNOWN_SKU' });
    // All lines or none: the known line was not held either.
    expect(await stockOf(known)).toMatchObject({ available: 4, reserved: 0, sold: 0 });
  });

  it('CANCELLED PAYMENT_DECLINED: the provider declines, the order is cancelled and inventory releases the hold', async () => {
    // The local seed's decline rules (services/orders/local/seed.json) decline customer 'mallory'.
    const customer = DECLINED_CUSTOMER;
    const sku = uniqueSku('E2EDECLINE');
    await restock(sku, 3);

    const orderId = await placeAcceptedOrder(customer, [{ sku, quantity: 2 }]);
    const order = await waitForTerminal(customer, orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'PAYMENT_DECLINED' });
    // It was reserved before payment was tried, and the reservation is given back.
    expect(order.reservedAt).toEqual(expect.any(String));
    await waitForOrderEvent(orderId, 'InventoryReleased');
    await waitForStock(sku, { available: 3, reserved: 0, sold: 0 });
    expect(detailTypesOf(orderId)).toEqual(expect.arrayContaining(['InventoryReserved', 'OrderCancelled']));
    expect(detailTypesOf(orderId)).not.toContain('OrderConfirmed');
  });

  it('CANCELLED_BY_CUSTOMER: a cancel that overtakes the reservation releases the units; the late reservation changes nothing', async () => {
    const customer = uniqueCustomer('canceller');
    const sku = uniqueSku('E2ECANCEL');
    await restock(sku, 2);
    const since = new Date(Date.now() - 1_000);

    const { orderId, rules } = await whileOrdersHearNothingFromInventory(async (rules) => {
      const orderId = await placeAcceptedOrder(customer, [{ sku, quantity: 2 }]);
      await waitForOrderEvent(orderId, 'InventoryReserved');
      expect(await stockOf(sku)).toMatchObject({ available: 0, reserved: 2 });
      expect(expectStatus(await getOrder(customer, orderId), 200, 'GET order').status).toBe('PENDING');

      const cancel = await cancelOrder(customer, orderId);
      expect(cancel.status).toBe(200);
      const order = await waitForTerminal(customer, orderId);
      expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'CANCELLED_BY_CUSTOMER' });
      // OrderCancelled makes inventory release the hold it made for this order.
      await waitForOrderEvent(orderId, 'InventoryReleased');
      await waitForStock(sku, { available: 2, reserved: 0, sold: 0 });
      return { orderId, rules };
    });

    // The reservation that was overtaken reaches orders now, late: it must change nothing.
    const late = await replaySince(since, {
      pattern: { 'detail-type': ['InventoryReserved'], detail: { data: { orderId: [orderId] } } },
      rules,
    });
    expect(late.eventsReplayed).toBe(1);
    await replayDelivered(late.replayName, 1);
    await queuesDrained();
    expect(expectStatus(await getOrder(customer, orderId), 200, 'GET order')).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'CANCELLED_BY_CUSTOMER',
    });
    expect(await stockOf(sku)).toMatchObject({ available: 2, reserved: 0, sold: 0 });
    expect(distinctEventsPerOrder(eventsOfOrder(orderId), 'InventoryReleased').get(orderId)).toBe(1);
    expect(detailTypesOf(orderId)).not.toContain('OrderConfirmed');
  });

  it('RESERVATION_EXPIRED: an order that hears nothing before its deadline is cancelled and its hold released', async () => {
    const customer = uniqueCustomer('late');
    const sku = uniqueSku('E2EEXPIRE');
    await restock(sku, 1);

    await whileOrdersHearNothingFromInventory(async () => {
      const orderId = await placeAcceptedOrder(customer, [{ sku, quantity: 1 }]);
      await waitForOrderEvent(orderId, 'InventoryReserved');
      expect(await stockOf(sku)).toMatchObject({ available: 0, reserved: 1 });
      const placed = expectStatus(await getOrder(customer, orderId), 200, 'GET order');
      expect(placed.status).toBe('PENDING');

      // Past the deadline the sweeper cancels it; fire the sweeper's schedule rather than wait
      // for its minute (again every few seconds, in case a run started just before the deadline).
      const deadline = Date.parse(placed.createdAt) + pendingTimeoutSeconds() * 1000;
      let lastFired = 0;
      let last: OrderView | undefined;
      const order = await waitFor(
        `order ${orderId} to be cancelled by the sweeper`,
        async () => {
          if (Date.now() > deadline && Date.now() - lastFired > 5_000) {
            lastFired = Date.now();
            await fireSchedule('orders', 'expireOrders');
          }
          last = expectStatus(await getOrder(customer, orderId), 200, 'GET order');
          return last.status === 'CANCELLED' ? last : undefined;
        },
        {
          timeoutMs: pendingTimeoutSeconds() * 1000 + WAIT.sagaMs,
          intervalMs: 1_000,
          describe: () => JSON.stringify(last),
        },
      );
      expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'RESERVATION_EXPIRED' });
      expect(Date.parse(order.cancelledAt as string)).toBeGreaterThanOrEqual(deadline);
      await waitForOrderEvent(orderId, 'InventoryReleased');
      await waitForStock(sku, { available: 1, reserved: 0, sold: 0 });
    });
  });
});
