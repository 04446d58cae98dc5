import { randomUUID } from 'node:crypto';
import { encodeCursor } from '../../../src/domain/order-list-cursor';
import { applyInput } from '../../../src/domain/order-state-machine';
import { placeOrder } from '../../../src/domain/place-order';
import { getOrderHandler } from '../../../src/handlers/get-order';
import { listOrdersHandler } from '../../../src/handlers/list-orders';
import { ALICE, BOB, call, OPS, restEvent, type ErrorBody, type HttpHandler } from '../../support/http';
import { testDependencies, type TestDependencies } from '../../support/test-dependencies';

let deps: TestDependencies;
let getOrder: HttpHandler;
let listOrders: HttpHandler;

beforeEach(() => {
  deps = testDependencies();
  getOrder = getOrderHandler(() => deps) as unknown as HttpHandler;
  listOrders = listOrdersHandler(() => deps) as unknown as HttpHandler;
});

async function givenOrder(customerId: string, createdAt: string) {
  const { order } = placeOrder({
    orderId: randomUUID(),
    customerId,
    correlationId: 'corr',
    request: { items: [{ sku: 'MUG-001', quantity: 1 }] },
    now: new Date(createdAt),
    pendingTimeoutSeconds: 300,
  });
  deps.store.orders.set(order.orderId, order);
  return order;
}

const get = (orderId: string, caller = ALICE) =>
  call(getOrder, restEvent('get-order', { caller, pathParameters: { orderId } }));

describe('GET /orders/{orderId}', () => {
  it('shows the owner status, items, timestamps and cancellation reason', async () => {
    const order = await givenOrder('alice', '2026-11-27T09:00:00.000Z');
    const cancelled = applyInput(
      order,
      { type: 'InventoryReservationFailed', reason: 'UNKNOWN_SKU', skus: ['MUG-001'] },
      new Date('2026-11-27T09:00:01.000Z'),
    );
    deps.store.orders.set(order.orderId, cancelled.order);
    const answer = await get(order.orderId);
    expect(answer).toMatchObject({ status: 200 });
    expect(answer.body).toEqual({
      orderId: order.orderId,
      status: 'CANCELLED',
      items: [{ sku: 'MUG-001', quantity: 1 }],
      createdAt: '2026-11-27T09:00:00.000Z',
      updatedAt: '2026-11-27T09:00:01.000Z',
      cancelledAt: '2026-11-27T09:00:01.000Z',
      cancellationReason: 'UNKNOWN_SKU',
    });
  });

  it('shows any order to an admin', async () => {
    const order = await givenOrder('alice', '2026-11-27T09:00:00.000Z');
    expect((await get(order.orderId, OPS)).status).toBe(200);
  });

  it("answers another customer's order exactly like an order that does not exist: 404", async () => {
    const order = await givenOrder('alice', '2026-11-27T09:00:00.000Z');
    const theirs = await call<ErrorBody>(
      getOrder,
      restEvent('get-order', { caller: BOB, pathParameters: { orderId: order.orderId } }),
    );
    const missingId = randomUUID();
    const missing = await call<ErrorBody>(
      getOrder,
      restEvent('get-order', { caller: BOB, pathParameters: { orderId: missingId } }),
    );
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.error.code).toBe('ORDER_NOT_FOUND');
    expect(theirs.body.error.message.replace(order.orderId, 'ID')).toBe(
      missing.body.error.message.replace(missingId, 'ID'),
    );
  });

  it('refuses an id that is not a uuid: 400', async () => {
    const answer = await call<ErrorBody>(
      getOrder,
      restEvent('get-order', { pathParameters: { orderId: 'not-an-id' } }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ path: 'params.orderId', message: 'Invalid UUID' }]);
  });

  it('answers 401 without a caller', async () => {
    expect((await call(getOrder, restEvent('get-order', { caller: null }))).status).toBe(401);
  });
});

describe('GET /orders', () => {
  it("pages through the caller's own orders, newest first, with a cursor until the last page", async () => {
    const a1 = await givenOrder('alice', '2026-11-27T09:00:00.000Z');
    const a2 = await givenOrder('alice', '2026-11-27T09:01:00.000Z');
    const a3 = await givenOrder('alice', '2026-11-27T09:02:00.000Z');
    await givenOrder('bob', '2026-11-27T09:03:00.000Z');

    const first = await call<{ orders: { orderId: string }[]; nextCursor?: string }>(
      listOrders,
      restEvent('list-orders'),
    );
    expect(first.status).toBe(200);
    expect(first.body.orders.map((order) => order.orderId)).toEqual([a3.orderId, a2.orderId]);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await call<{ orders: { orderId: string }[]; nextCursor?: string }>(
      listOrders,
      restEvent('list-orders', { query: { limit: '2', cursor: first.body.nextCursor! } }),
    );
    expect(second.body.orders.map((order) => order.orderId)).toEqual([a1.orderId]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('shows an admin their own list, not everyone’s', async () => {
    await givenOrder('alice', '2026-11-27T09:00:00.000Z');
    const answer = await call<{ orders: unknown[] }>(listOrders, restEvent('list-orders', { caller: OPS }));
    expect(answer.body.orders).toEqual([]);
  });

  it.each([
    ['not base64url', 'abc!'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['not a position', Buffer.from('{"x":1}').toString('base64url')],
  ])('refuses a cursor that is %s: 400 INVALID_CURSOR', async (_name, cursor) => {
    const answer = await call<ErrorBody>(listOrders, restEvent('list-orders', { query: { cursor } }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_CURSOR', fields: [{ path: 'query.cursor' }] });
  });

  it("keeps a cursor copied from another customer inside the caller's own orders", async () => {
    const bobs = await givenOrder('bob', '2026-11-27T09:05:00.000Z');
    await givenOrder('bob', '2026-11-27T09:00:00.000Z');
    const cursor = encodeCursor({ createdAt: bobs.createdAt, orderId: bobs.orderId });
    const answer = await call<{ orders: { customerId?: string }[] }>(
      listOrders,
      restEvent('list-orders', { query: { cursor } }),
    );
    expect(answer.body.orders).toEqual([]);
  });

  it.each(['0', '101', 'ten', '-1'])('refuses limit=%s: 400', async (limit) => {
    const answer = await call<ErrorBody>(listOrders, restEvent('list-orders', { query: { limit } }));
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields?.[0]?.path).toBe('query.limit');
  });

  it('refuses unknown query parameters: 400', async () => {
    const answer = await call<ErrorBody>(
      listOrders,
      restEvent('list-orders', { query: { status: 'PENDING' } }),
    );
    expect(answer.status).toBe(400);
  });
});
