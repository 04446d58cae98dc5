import { closeBusClients, deadLetterDepths } from './support/bus';
import { restock, stockOf, waitForStock } from './support/inventory-api';
import { cancelOrder, placeAcceptedOrder, waitForTerminal } from './support/orders-api';
import { eventsOfOrder } from './support/saga-events';
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
});
