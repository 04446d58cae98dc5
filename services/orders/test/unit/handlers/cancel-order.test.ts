import { randomUUID } from 'node:crypto';
import type { Order } from '../../../src/domain/order';
import type { OrderInput } from '../../../src/domain/order-inputs';
import { applyInput } from '../../../src/domain/order-state-machine';
import { placeOrder } from '../../../src/domain/place-order';
import { cancelOrderHandler } from '../../../src/handlers/cancel-order';
import {
  BOB,
  call,
  OPS,
  restEvent,
  type ErrorBody,
  type HttpHandler,
  type RequestChanges,
} from '../../support/http';
import { testDependencies, type TestDependencies } from '../../support/test-dependencies';

const RESERVATION = '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d';
let deps: TestDependencies;
let cancel: HttpHandler;

beforeEach(() => {
  deps = testDependencies();
  cancel = cancelOrderHandler(() => deps) as unknown as HttpHandler;
});

function givenOrder(...inputs: OrderInput[]): Order {
  let { order }: { order: Order } = placeOrder({
    orderId: randomUUID(),
    customerId: 'alice',
    correlationId: 'corr',
    request: { items: [{ sku: 'MUG-001', quantity: 1 }] },
    now: deps.clock.now(),
    pendingTimeoutSeconds: 300,
  });
  for (const input of inputs) order = applyInput(order, input, deps.clock.now()).order;
  deps.store.orders.set(order.orderId, order);
  return order;
}

const reserved: OrderInput = {
  type: 'InventoryReserved',
  reservationId: RESERVATION,
  expiresAt: '2026-11-27T09:30:00.000Z',
};
const cancelAs = (orderId: string, caller?: RequestChanges['caller']) =>
  call<ErrorBody & { status: string; cancellationReason: string }>(
    cancel,
    restEvent('cancel-order', { pathParameters: { orderId }, ...(caller === undefined ? {} : { caller }) }),
  );

describe('POST /orders/{orderId}/cancel', () => {
  it('cancels a reserved order of its owner and releases the reservation', async () => {
    const order = givenOrder(reserved);
    const answer = await cancelAs(order.orderId);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      orderId: order.orderId,
      status: 'CANCELLED',
      cancellationReason: 'CANCELLED_BY_CUSTOMER',
    });
    expect(deps.store.entriesOf(order.orderId)).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({
          type: 'OrderCancelled',
          data: expect.objectContaining({ reservationId: RESERVATION }),
        }),
      }),
    ]);
  });

  it('answers a repeated cancel the same way, without a second OrderCancelled', async () => {
    const order = givenOrder();
    await cancelAs(order.orderId);
    const again = await cancelAs(order.orderId);
    expect(again).toMatchObject({ status: 200, body: { status: 'CANCELLED' } });
    expect(deps.store.entriesOf(order.orderId)).toHaveLength(1);
  });

  it('refuses once the order is confirmed: 409 ORDER_ALREADY_CONFIRMED', async () => {
    const order = givenOrder(reserved, { type: 'PaymentApproved', paymentId: 'pay-1' });
    const answer = await cancelAs(order.orderId);
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'ORDER_ALREADY_CONFIRMED' } } });
    expect((await deps.store.get(order.orderId))?.status).toBe('CONFIRMED');
  });

  it('refuses an order cancelled for another reason: 409 ORDER_ALREADY_CANCELLED', async () => {
    const order = givenOrder({
      type: 'InventoryReservationFailed',
      reason: 'OUT_OF_STOCK',
      skus: ['MUG-001'],
    });
    const answer = await cancelAs(order.orderId);
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'ORDER_ALREADY_CANCELLED' } } });
    expect(answer.body.error.message).toMatch(/OUT_OF_STOCK/);
  });

  it("answers another customer's order with 404 and leaves it alone", async () => {
    const order = givenOrder(reserved);
    const answer = await cancelAs(order.orderId, BOB);
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'ORDER_NOT_FOUND' } } });
    expect((await deps.store.get(order.orderId))?.status).toBe('RESERVED');
  });

  it('lets an admin see but not cancel: 403 NOT_ORDER_OWNER', async () => {
    const order = givenOrder();
    expect(await cancelAs(order.orderId, OPS)).toMatchObject({
      status: 403,
      body: { error: { code: 'NOT_ORDER_OWNER' } },
    });
  });

  it('answers an unknown order with 404 and a malformed id with 400', async () => {
    expect((await cancelAs(randomUUID())).status).toBe(404);
    expect((await cancelAs('../etc')).status).toBe(400);
  });
});
