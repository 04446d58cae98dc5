import {
  archivedEventsOfOrders,
  closeBusClients,
  deadLetterDepths,
  duplicateEveryTarget,
  replaySince,
  routeLines,
} from './support/bus';
import type { ArchivedEvent } from './support/bus';
import { stockOf, waitForStock } from './support/inventory-api';
import { getOrder, waitForAllTerminal } from './support/orders-api';
import type { OrderView } from './support/orders-api';
import { queuesDrained, replayDelivered } from './support/queues';
import { distinctEventsPerOrder } from './support/saga-events';
import { outcomeCounts, placeSagaMix } from './support/saga-mix';
import type { SagaMix } from './support/saga-mix';

/**
 * EventBridge delivers at least once. Here every event is delivered twice, two ways: while the
 * sagas run (every rule target gets a twin, so each consumer receives each event twice at nearly
 * the same moment), and after they finished (the whole window replayed from the bus archive, as
 * `npm run replay -- --since <time>` does). Either way nothing may change: the same statuses,
 * the same stock, no order confirmed twice, no reservation released twice.
 */
describe('every event delivered twice', () => {
  let dlqBefore: Record<string, number>;

  beforeAll(async () => {
    dlqBefore = await deadLetterDepths();
  });

  afterAll(async () => {
    expect(await deadLetterDepths()).toEqual(dlqBefore);
    closeBusClients();
  });

  it('while the sagas run: each consumer gets each event twice at once, and the outcome is the same as with one', async () => {
    const twins = await duplicateEveryTarget();
    let mix: SagaMix;
    let final: Map<string, OrderView>;
    try {
      expect(twins.duplicated).toEqual(
        expect.arrayContaining([expect.stringMatching(/^inventory-local-order-events\//)]),
      );
      mix = await placeSagaMix('DUPTWIN');
      final = await waitForAllTerminal(mix.byCustomer);
      await queuesDrained();
    } finally {
      await twins.restore();
    }

    const events = archivedEventsOfOrders(mix.customers.keys());
    // The duplication happened: every event of these sagas that a rule routes went to two targets.
    const deliveries = deliveriesPerEvent(events);
    expect(deliveries.size).toBeGreaterThan(0);
    expect([...deliveries.entries()].filter(([, count]) => count < 2)).toEqual([]);

    expectOutcome(mix, final);
    for (const expected of mix.expectedStock) await waitForStock(expected.sku, expected);
    expectNoDoubleDecisions(events, final);
  });

  it('after the sagas finished: replaying the whole window changes no order, no stock and no decision', async () => {
    const since = new Date(Date.now() - 1_000);
    const mix = await placeSagaMix('DUPREPLAY');
    const final = await waitForAllTerminal(mix.byCustomer);
    expectOutcome(mix, final);
    for (const expected of mix.expectedStock) await waitForStock(expected.sku, expected);
    await queuesDrained();

    const ordersBefore = await readOrders(mix);
    const stockBefore = await Promise.all(mix.expectedStock.map(({ sku }) => stockOf(sku)));
    const eventsBefore = archivedEventsOfOrders(mix.customers.keys());
    const decisionsBefore = decisions(eventsBefore);

    const replay = await replaySince(since);
    const routed = eventsBefore.filter((entry) => entry.event.source === 'stratus.orders').length;
    expect(replay.eventsReplayed).toBeGreaterThanOrEqual(eventsBefore.length);
    // Wait until the replayed events reached their consumers' queues, then until the consumers
    // (and whatever they published in turn) are done with them.
    await replayDelivered(replay.replayName, routed);
    await queuesDrained();

    expect(await readOrders(mix)).toEqual(ordersBefore);
    expect(await Promise.all(mix.expectedStock.map(({ sku }) => stockOf(sku)))).toEqual(stockBefore);
    const eventsAfter = archivedEventsOfOrders(mix.customers.keys());
    expect(decisions(eventsAfter)).toEqual(decisionsBefore);
    expectNoDoubleDecisions(eventsAfter, final);
  });
});

function expectOutcome(mix: SagaMix, final: Map<string, OrderView>): void {
  expect(final.size).toBe(mix.customers.size);
  expect(outcomeCounts(final.values())).toEqual(mix.expectedOutcomes);
}

/** Every order exactly as GET /orders/{id} shows it (status, reason, timestamps). */
async function readOrders(mix: SagaMix): Promise<Record<string, OrderView>> {
  const orders: Record<string, OrderView> = {};
  for (const [orderId, customer] of mix.customers) {
    const response = await getOrder(customer, orderId);
    expect(response.status).toBe(200);
    orders[orderId] = response.body;
  }
  return orders;
}

/**
 * The decisions that move stock or money, per order: confirmations, cancellations, releases.
 * (Inventory may announce a reservation again on a redelivered OrderPlaced; that is a repeat of
 * the same decision, which orders ignores, so it is not counted here.)
 */
function decisions(events: readonly ArchivedEvent[]): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const detailType of ['OrderConfirmed', 'OrderCancelled', 'InventoryReleased'])
    result[detailType] = Object.fromEntries(distinctEventsPerOrder(events, detailType));
  return result;
}

function expectNoDoubleDecisions(events: readonly ArchivedEvent[], final: Map<string, OrderView>): void {
  const confirmed = distinctEventsPerOrder(events, 'OrderConfirmed');
  const released = distinctEventsPerOrder(events, 'InventoryReleased');
  const violations: string[] = [];
  for (const [orderId, order] of final) {
    const confirmations = confirmed.get(orderId) ?? 0;
    const releases = released.get(orderId) ?? 0;
    if (confirmations !== (order.status === 'CONFIRMED' ? 1 : 0))
      violations.push(`${order.status} order ${orderId} has ${confirmations} OrderConfirmed`);
    if (releases > (order.status === 'CONFIRMED' ? 0 : 1))
      violations.push(`${order.status} order ${orderId} has ${releases} InventoryReleased`);
  }
  expect(violations).toEqual([]);
}

/** How many successful deliveries each of these events had, over all rules and targets. */
function deliveriesPerEvent(events: readonly ArchivedEvent[]): Map<string, number> {
  const ids = new Set(events.map((entry) => entry.event.id));
  const counts = new Map<string, number>();
  for (const line of routeLines(
    (entry) => ids.has(entry.eventId) && entry.outcome === 'delivered' && !entry.replayName,
  ))
    counts.set(line.eventId, (counts.get(line.eventId) ?? 0) + 1);
  return counts;
}
