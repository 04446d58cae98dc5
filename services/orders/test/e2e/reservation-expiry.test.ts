import { closeBusClients, deadLetterDepths, replaySince } from './support/bus';
import type { ArchivedEvent } from './support/bus';
import { expiryGraceSeconds, reservationHoldSeconds, WAIT } from './support/e2e-settings';
import { waitFor } from './support/eventually';
import { expectStatus } from './support/http';
import { restock, stockOf, waitForStock } from './support/inventory-api';
import { getOrder, placeAcceptedOrder, waitForOrder } from './support/orders-api';
import type { OrderLine, OrderView } from './support/orders-api';
import { paymentsQueueDepth, whilePaymentsAreSlow } from './support/payments-queue';
import type { PaymentsQueueDepth } from './support/payments-queue';
import { whileOrdersHearNothingFromInventory } from './support/held-answers';
import { queuesDrained, replayDelivered } from './support/queues';
import { countByDetailType, eventsOfOrder, waitForOrderEvent } from './support/saga-events';
import { fireUntil, whileScheduleStopped } from './support/schedules';
import { serviceLogEntries } from './support/service-log';
import { uniqueCustomer, uniqueSku } from './support/unique';

/**
 * How much later than the moment it must have expired an order's payment request reaches the
 * payment worker. The expiry has to win by this much: on a loaded 2-core machine firing the
 * schedule, the cancellation and the release take a few seconds, sometimes ten.
 */
const PAYMENT_LATE_BY_SECONDS = 25;

interface ReservedWithLatePayment {
  orderId: string;
  order: OrderView;
  reserved: ArchivedEvent;
  /** inventory's expiresAt, epoch ms: the order's deadline in orders. */
  expiresAt: number;
  /** When the payment request was seen waiting, delayed, in the payments queue (epoch ms). */
  paymentQueuedAt: number;
}

/**
 * Places an order while the payments queue delays messages by `paymentDelaySeconds`: inventory
 * reserves, the order becomes RESERVED and its payment request waits in the queue. Returns once
 * the request is in the queue, delayed (the delay is off again for anything sent later).
 */
async function placeReservedOrderWithLatePayment(
  customer: string,
  items: OrderLine[],
  paymentDelaySeconds: number,
): Promise<ReservedWithLatePayment> {
  return whilePaymentsAreSlow(paymentDelaySeconds, async () => {
    const delayedBefore = (await paymentsQueueDepth()).delayed;
    const orderId = await placeAcceptedOrder(customer, items);
    const order = await waitForOrder(customer, orderId, 'past PENDING', (view) => view.status !== 'PENDING');
    expect(order.status).toBe('RESERVED');
    const reserved = await waitForOrderEvent(orderId, 'InventoryReserved');
    await waitFor(
      `the payment request of ${orderId} to wait, delayed, in the payments queue`,
      async () => ((await paymentsQueueDepth()).delayed > delayedBefore ? true : undefined),
      { timeoutMs: WAIT.sagaMs },
    );
    return {
      orderId,
      order,
      reserved,
      expiresAt: Date.parse(String(reserved.event.detail.data.expiresAt)),
      paymentQueuedAt: Date.now(),
    };
  });
}

/** What must not change once the order has expired: its view, the stock, its events by type. */
async function snapshot(customer: string, orderId: string, sku: string) {
  return {
    order: expectStatus(await getOrder(customer, orderId), 200, `GET /orders/${orderId}`),
    stock: await stockOf(sku),
    events: countByDetailType(eventsOfOrder(orderId)),
  };
}

/**
 * Waits until the payment worker has taken the late payment request of `orderId` and settled it
 * without a charge (its log line; the worker publishes no event when it does nothing), then until
 * every queue is quiet, so whatever it might have set off has happened.
 */
async function latePaymentSettled(orderId: string, notBefore: number): Promise<Record<string, unknown>> {
  const settled = (entry: Record<string, unknown>) =>
    entry.message === 'Payment command settled' && entry.orderId === orderId;
  let depth: PaymentsQueueDepth | undefined;
  const line = await waitFor(
    `the late payment request of ${orderId} to reach the payment worker`,
    async () => {
      depth = await paymentsQueueDepth();
      return serviceLogEntries('orders', settled)[0];
    },
    {
      timeoutMs: Math.max(0, notBefore - Date.now()) + WAIT.sagaMs,
      intervalMs: 1_000,
      describe: () => `payments queue ${JSON.stringify(depth)}`,
    },
  );
  await queuesDrained();
  return line;
}

/** An expired order whose held-back payment request has yet to arrive. */
interface ExpiredCase {
  what: string;
  customer: string;
  orderId: string;
  sku: string;
  /** The order, stock and events right after the expiry: the late payment must change none of it. */
  settled: Awaited<ReturnType<typeof snapshot>>;
  /** By when the payment request is due at the payment worker (epoch ms). */
  paymentDueAt: number;
}

/**
 * A reservation that payment does not confirm in time: the order is RESERVED, its payment request
 * is held back in the payments queue (the queue's DelaySeconds), and the deadline passes. Each
 * expiry mechanism is tested on its own, the other one stopped (its scheduled rule disabled while
 * the test runs): orders' sweeper (`expireOrders`), which cancels RESERVED orders past inventory's
 * `expiresAt`, and inventory's backstop (`expireHolds`), which releases holds still open
 * RESERVATION_EXPIRY_GRACE_SECONDS later. Both schedules are fired as soon as they have work
 * (as `npm run schedule:fire` does) instead of at their next minute. Then the window between the
 * two: the sweeper down, the backstop's release not yet heard by orders, and the payment request
 * arriving in it must not charge or confirm the order. The held-back payment requests of the first
 * two then arrive, late, and must change nothing (the last test, so that their wait overlaps the
 * later expiries). The hold time and grace of the e2e stack are set by the global setup
 * (support/e2e-settings.ts).
 */
describe('a reservation that payment does not confirm in time expires (RESERVATION_EXPIRED)', () => {
  let dlqBefore: Record<string, number>;
  const expired: ExpiredCase[] = [];

  beforeAll(async () => {
    dlqBefore = await deadLetterDepths();
  });

  afterAll(async () => {
    // Neither expiry path nor the late payments may have left a message in a dead-letter queue.
    expect(await deadLetterDepths()).toEqual(dlqBefore);
    closeBusClients();
  });

  it("orders' sweeper cancels a RESERVED order at inventory's expiresAt, and OrderCancelled releases its stock", async () => {
    const customer = uniqueCustomer('unpaid');
    const sku = uniqueSku('E2EHOLDEXP');
    await restock(sku, 3);
    const paymentDelay = reservationHoldSeconds() + PAYMENT_LATE_BY_SECONDS;

    // Inventory's backstop is stopped: only orders' sweeper can end this reservation.
    const placed = await whileScheduleStopped('inventory', 'expireHolds', async () => {
      const placed = await placeReservedOrderWithLatePayment(customer, [{ sku, quantity: 2 }], paymentDelay);
      const { orderId, expiresAt } = placed;
      const reservationId = placed.reserved.event.detail.data.reservationId;
      // The hold lasts the configured time, and the order waits for payment with its stock held.
      expect(expiresAt - Date.parse(String(placed.reserved.event.detail.data.reservedAt))).toBe(
        reservationHoldSeconds() * 1000,
      );
      expect(await stockOf(sku)).toMatchObject({ available: 1, reserved: 2, sold: 0 });

      let last: OrderView | undefined;
      const cancelled = await fireUntil(
        { service: 'orders', name: 'expireOrders' },
        expiresAt,
        async () => {
          last = expectStatus(await getOrder(customer, orderId), 200, `GET /orders/${orderId}`);
          return last.status === 'RESERVED' ? undefined : last;
        },
        {
          timeoutMs: Math.max(0, expiresAt - Date.now()) + WAIT.sagaMs,
          describe: () => JSON.stringify(last),
        },
      );
      expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellationReason: 'RESERVATION_EXPIRED' });
      expect(cancelled.confirmedAt).toBeUndefined();
      expect(Date.parse(cancelled.cancelledAt as string)).toBeGreaterThanOrEqual(expiresAt);

      // OrderCancelled names the reservation, and inventory gives the two units back because of it.
      const orderCancelled = await waitForOrderEvent(orderId, 'OrderCancelled');
      expect(orderCancelled.event.detail.data).toMatchObject({
        reason: 'RESERVATION_EXPIRED',
        reservationId,
        items: [{ sku, quantity: 2 }],
      });
      const released = await waitForOrderEvent(orderId, 'InventoryReleased');
      expect(released.event.detail.data).toMatchObject({ reason: 'ORDER_CANCELLED', reservationId });
      await waitForStock(sku, { available: 3, reserved: 0, sold: 0 });
      return placed;
    });

    expired.push({
      what: "orders' sweeper",
      customer,
      orderId: placed.orderId,
      sku,
      settled: await snapshot(customer, placed.orderId, sku),
      paymentDueAt: placed.paymentQueuedAt + paymentDelay * 1000,
    });
  });

  it("inventory's backstop releases a hold nobody settled, and orders cancels the order when it hears of it", async () => {
    const customer = uniqueCustomer('abandoned');
    const sku = uniqueSku('E2EBACKSTOP');
    await restock(sku, 4, { shards: 2 });
    const paymentDelay = reservationHoldSeconds() + expiryGraceSeconds() + PAYMENT_LATE_BY_SECONDS;

    // Orders' sweeper is stopped: only inventory can end this reservation.
    const placed = await whileScheduleStopped('orders', 'expireOrders', async () => {
      const placed = await placeReservedOrderWithLatePayment(customer, [{ sku, quantity: 3 }], paymentDelay);
      const { orderId, expiresAt } = placed;
      const reservationId = placed.reserved.event.detail.data.reservationId;
      expect(await stockOf(sku)).toMatchObject({ available: 1, reserved: 3, sold: 0 });
      const releaseFrom = expiresAt + expiryGraceSeconds() * 1000;

      const released = await fireUntil(
        { service: 'inventory', name: 'expireHolds' },
        releaseFrom,
        async () =>
          eventsOfOrder(orderId).find((entry) => entry.event['detail-type'] === 'InventoryReleased'),
        {
          timeoutMs: Math.max(0, releaseFrom - Date.now()) + WAIT.sagaMs,
          describe: () =>
            eventsOfOrder(orderId)
              .map((entry) => entry.event['detail-type'])
              .join(', '),
        },
      );
      // Released by the backstop on its own: reason RESERVATION_EXPIRED, not before the grace
      // ran out, under a correlation id of its own (no request started it).
      expect(released.event.detail.data).toMatchObject({
        reason: 'RESERVATION_EXPIRED',
        reservationId,
        lines: [{ sku, quantity: 3 }],
      });
      expect(Date.parse(String(released.event.detail.data.releasedAt))).toBeGreaterThanOrEqual(releaseFrom);
      expect(released.event.detail.metadata.correlationId).toMatch(/^expiry-/);
      await waitForStock(sku, { available: 4, reserved: 0, sold: 0 });

      // Orders acts on inventory's release: the order is cancelled though its own sweeper never ran.
      const order = await waitForOrder(customer, orderId, 'cancelled', (view) => view.status !== 'RESERVED');
      expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'RESERVATION_EXPIRED' });
      expect(order.confirmedAt).toBeUndefined();
      const orderCancelled = await waitForOrderEvent(orderId, 'OrderCancelled');
      expect(orderCancelled.event.detail.data).toMatchObject({
        reason: 'RESERVATION_EXPIRED',
        reservationId,
      });
      return placed;
    });

    expired.push({
      what: "inventory's backstop",
      customer,
      orderId: placed.orderId,
      sku,
      settled: await snapshot(customer, placed.orderId, sku),
      paymentDueAt: placed.paymentQueuedAt + paymentDelay * 1000,
    });
  });

  it("a payment request that arrives after the backstop's release, before orders heard of it, expires the order instead of charging it", async () => {
    const customer = uniqueCustomer('window');
    const sku = uniqueSku('E2EWINDOW');
    await restock(sku, 3);
    const paymentDelay = reservationHoldSeconds() + expiryGraceSeconds() + PAYMENT_LATE_BY_SECONDS;
    const since = new Date(Date.now() - 1_000);

    // Orders' sweeper is down for the whole story, so the order is still RESERVED past expiresAt.
    const { orderId, reservationId, rules } = await whileScheduleStopped(
      'orders',
      'expireOrders',
      async () => {
        const placed = await placeReservedOrderWithLatePayment(
          customer,
          [{ sku, quantity: 2 }],
          paymentDelay,
        );
        const { orderId, expiresAt } = placed;
        const reservationId = placed.reserved.event.detail.data.reservationId;
        const releaseFrom = expiresAt + expiryGraceSeconds() * 1000;

        return whileOrdersHearNothingFromInventory(async (rules) => {
          // Inventory's backstop gives the units back, and orders does not hear of it.
          await fireUntil(
            { service: 'inventory', name: 'expireHolds' },
            releaseFrom,
            async () =>
              eventsOfOrder(orderId).find((entry) => entry.event['detail-type'] === 'InventoryReleased'),
            { timeoutMs: Math.max(0, releaseFrom - Date.now()) + WAIT.sagaMs },
          );
          await waitForStock(sku, { available: 3, reserved: 0, sold: 0 });
          expect(expectStatus(await getOrder(customer, orderId), 200, 'GET order').status).toBe('RESERVED');

          // The payment request reaches the worker now: past the deadline, so no charge.
          const settledBy = await latePaymentSettled(orderId, placed.paymentQueuedAt + paymentDelay * 1000);
          expect(settledBy).toMatchObject({ command: 'RequestPayment', outcome: 'expired' });
          const order = await waitForOrder(
            customer,
            orderId,
            'cancelled',
            (view) => view.status !== 'RESERVED',
          );
          expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'RESERVATION_EXPIRED' });
          expect(order.confirmedAt).toBeUndefined();
          expect(Date.parse(order.cancelledAt as string)).toBeGreaterThanOrEqual(expiresAt);
          const orderCancelled = await waitForOrderEvent(orderId, 'OrderCancelled');
          expect(orderCancelled.event.detail.data).toMatchObject({
            reason: 'RESERVATION_EXPIRED',
            reservationId,
          });
          return { orderId, reservationId, rules };
        });
      },
    );

    // Inventory took the cancellation of a hold it had already released as nothing to do.
    await queuesDrained();
    expect(await stockOf(sku)).toMatchObject({ available: 3, reserved: 0, sold: 0 });
    const oneEach = { OrderPlaced: 1, InventoryReserved: 1, InventoryReleased: 1, OrderCancelled: 1 };
    expect(countByDetailType(eventsOfOrder(orderId))).toEqual(oneEach);

    // The release orders missed reaches it now, late: the order is already cancelled.
    const missed = await replaySince(since, {
      pattern: { 'detail-type': ['InventoryReleased'], detail: { data: { orderId: [orderId] } } },
      rules,
    });
    expect(missed.eventsReplayed).toBe(1);
    await replayDelivered(missed.replayName, 1);
    await queuesDrained();
    expect(expectStatus(await getOrder(customer, orderId), 200, 'GET order')).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'RESERVATION_EXPIRED',
    });
    // Replays are not archived: anything here now was published by orders or inventory.
    expect(countByDetailType(eventsOfOrder(orderId))).toEqual(oneEach);
    const released = eventsOfOrder(orderId).find(
      (entry) => entry.event['detail-type'] === 'InventoryReleased',
    );
    expect(released?.event.detail.data).toMatchObject({ reason: 'RESERVATION_EXPIRED', reservationId });
  });

  it('the held-back payment requests arrive after the expiry: no charge, no confirmation, nothing changes', async () => {
    // Both expiries above must have happened for this test to mean anything.
    expect(expired.map((entry) => entry.what)).toEqual(["orders' sweeper", "inventory's backstop"]);
    for (const entry of expired) {
      const settledBy = await latePaymentSettled(entry.orderId, entry.paymentDueAt);
      expect(settledBy).toMatchObject({ command: 'RequestPayment', outcome: 'not-charged' });
    }
    // Nothing else was held back, or is still being worked on.
    expect(await paymentsQueueDepth()).toEqual({ delayed: 0, visible: 0, inFlight: 0 });
    for (const entry of expired) {
      const now = await snapshot(entry.customer, entry.orderId, entry.sku);
      expect({ what: entry.what, ...now }).toEqual({ what: entry.what, ...entry.settled });
      expect(now.order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'RESERVATION_EXPIRED' });
      expect(now.order.confirmedAt).toBeUndefined();
      expect(now.stock).toMatchObject({ reserved: 0, sold: 0 });
      // One decision each way: no confirmation, no second cancellation, nothing released twice.
      expect(now.events).toEqual({
        OrderPlaced: 1,
        InventoryReserved: 1,
        OrderCancelled: 1,
        InventoryReleased: 1,
      });
    }
  });
});
