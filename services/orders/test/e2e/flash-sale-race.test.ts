import { archivedEventsOfOrders, closeBusClients, deadLetterDepths } from './support/bus';
import { WAIT } from './support/e2e-settings';
import { restock, stockOf, waitForStock } from './support/inventory-api';
import type { StockView } from './support/inventory-api';
import { inParallel } from './support/bounded';
import { placeOrder, waitForAllTerminal, warmUpOrdersApi } from './support/orders-api';
import { distinctEventsPerOrder } from './support/saga-events';
import { tokenFor } from './support/tokens';
import { uniqueCustomer, uniqueSku } from './support/unique';

const ORDERS = 200;
const UNITS = 50;
const CUSTOMERS = 10;
/** Every order in flight at once: the local cloud queues what its environments cannot take yet. */
const HTTP_CONCURRENCY = ORDERS;

/**
 * A flash sale in miniature, through both services: 200 single-unit orders, all sent at once,
 * race in the saga for 50 units (5 shards); every payment succeeds. Exactly 50 are confirmed, the other 150 end
 * OUT_OF_STOCK, no order stays open, and the stock, read while the race runs, never goes below
 * zero and always adds up to the 50 units put on sale.
 */
describe(`${ORDERS} concurrent orders race for ${UNITS} units`, () => {
  afterAll(() => closeBusClients());

  it('confirms exactly the stock, cancels the rest OUT_OF_STOCK, and never shows negative stock', async () => {
    const dlqBefore = await deadLetterDepths();
    const sku = uniqueSku('E2ERACE');
    await restock(sku, UNITS, { shards: 5 });
    const customers = Array.from({ length: CUSTOMERS }, (_, index) => uniqueCustomer(`racer${index}`));
    await Promise.all(customers.map((customer) => tokenFor(customer)));
    await warmUpOrdersApi(customers, HTTP_CONCURRENCY);

    const observer = observeStock(sku);
    let finalOrders;
    try {
      const answers = await inParallel(
        Array.from({ length: ORDERS }, (_, index) => customers[index % CUSTOMERS] as string),
        HTTP_CONCURRENCY,
        (customer) => placeOrder(customer, [{ sku, quantity: 1 }]),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status !== 202)).toEqual([]);
      const byCustomer = new Map<string, string[]>();
      answers.forEach((answer, index) => {
        const customer = customers[index % CUSTOMERS] as string;
        byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), answer.body.orderId]);
      });
      expect(new Set(answers.map((answer) => answer.body.orderId)).size).toBe(ORDERS);

      // Bounded wait: every order must reach CONFIRMED or CANCELLED; then look at the outcome.
      finalOrders = await waitForAllTerminal(byCustomer, WAIT.raceMs);
    } finally {
      observer.stop();
    }
    const { views, failedReads } = await observer.done;

    const orders = [...finalOrders.values()];
    expect(orders).toHaveLength(ORDERS);
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
    const cancelled = orders.filter((order) => order.status === 'CANCELLED');
    expect(confirmed).toHaveLength(UNITS);
    expect(cancelled).toHaveLength(ORDERS - UNITS);
    expect(new Set(cancelled.map((order) => order.cancellationReason))).toEqual(new Set(['OUT_OF_STOCK']));

    // Inventory's books agree once the confirmations are committed.
    expect(await waitForStock(sku, { available: 0, reserved: 0, sold: UNITS })).toMatchObject({ shards: 5 });

    // Every view read during the race: nothing negative, nothing created or lost.
    expect(views.length).toBeGreaterThanOrEqual(3);
    expect(failedReads).toBeLessThan(views.length);
    const broken = views.filter(
      (view) =>
        view.available < 0 ||
        view.reserved < 0 ||
        view.sold < 0 ||
        view.available + view.reserved + view.sold !== UNITS,
    );
    expect(broken).toEqual([]);
    // The race was really watched: some view caught units on hold or part of the stock sold.
    expect(views.some((view) => view.available < UNITS)).toBe(true);

    // On the bus: one reservation and one confirmation per winner, a failure per loser.
    const events = archivedEventsOfOrders(finalOrders.keys());
    const perOrder = (detailType: string) => distinctEventsPerOrder(events, detailType);
    // Exactly one confirmation decision per winner (no order confirmed twice).
    expect(perOrder('OrderConfirmed').size).toBe(UNITS);
    expect([...perOrder('OrderConfirmed').values()].every((count) => count === 1)).toBe(true);
    expect(perOrder('InventoryReserved').size).toBe(UNITS);
    expect(perOrder('InventoryReservationFailed').size).toBe(ORDERS - UNITS);
    expect(await deadLetterDepths()).toEqual(dlqBefore);
  });
});

/**
 * Reads GET /inventory/{sku} over and over until stopped, keeping every view: the test then
 * checks each one. A read the busy stack fails (a 5xx, or the local emulator's 401 when the
 * authorizer times out) is skipped and counted, not fatal: the observer watches the race, it is
 * not what is tested. The pause between reads only paces the reader (it asserts nothing).
 */
function observeStock(sku: string): {
  stop(): void;
  done: Promise<{ views: StockView[]; failedReads: number }>;
} {
  let stopped = false;
  const views: StockView[] = [];
  let failedReads = 0;
  const read = async () => {
    try {
      views.push(await stockOf(sku));
    } catch {
      failedReads++;
    }
  };
  const done = (async () => {
    while (!stopped) {
      await read();
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await read();
    return { views, failedReads };
  })();
  return {
    stop: () => {
      stopped = true;
    },
    done,
  };
}
