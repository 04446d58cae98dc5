import { callApi } from './support/http';
import { restock, stockOf } from './support/inventory-api';
import { getOrder, listOrders, ordersApiKey, ordersUrl, placeAcceptedOrder } from './support/orders-api';
import { tokenFor } from './support/tokens';
import { uniqueCustomer, uniqueSku } from './support/unique';

/**
 * Bad input refused at the edge of the running stack, as a client meets it: the API-key check of
 * the usage plans, the JWT authorizer and the request validation. Each refusal is a 4xx with a
 * JSON body, and none creates an order or moves stock.
 */
describe('bad input at the edge of the orders API', () => {
  const sku = uniqueSku('E2EEDGE');
  const customer = uniqueCustomer('edge');
  const items = [{ sku, quantity: 1 }];

  beforeAll(async () => {
    await restock(sku, 5);
  });

  const post = async (options: { apiKey?: string; token?: string; body?: unknown }) =>
    callApi('POST', ordersUrl('/orders'), {
      ...options,
      headers: { 'idempotency-key': `edge-${Math.random().toString(36).slice(2)}` },
      body: options.body ?? { items },
    });

  it('refuses a missing or unknown API key with 403 before anything runs', async () => {
    const token = await tokenFor(customer);
    const missing = await post({ token });
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({ message: 'Forbidden' });

    const unknown = await post({ token, apiKey: 'not-a-key-of-any-plan' });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual({ message: 'Forbidden' });
  });

  it('refuses a missing, forged or unsigned token with 401', async () => {
    const apiKey = ordersApiKey();
    expect((await post({ apiKey })).status).toBe(401);

    const [header, payload] = (await tokenFor(customer)).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await post({ apiKey, token: unsigned })).status).toBe(401);

    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: customer, role: 'admin' })).toString('base64url')}.AAAA`;
    expect((await post({ apiKey, token: forged })).status).toBe(401);
  });

  it('names the failing field of a malformed order with 400', async () => {
    const apiKey = ordersApiKey();
    const token = await tokenFor(customer);
    const wrongType = await post({ apiKey, token, body: { items: [{ sku, quantity: 'one' }] } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ path: 'body.items[0].quantity' })],
      },
    });

    const malformed = await post({ apiKey, token, body: '{"items": [' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it("answers 404 for another customer's order, as for one that does not exist", async () => {
    const orderId = await placeAcceptedOrder(customer, items);
    const other = await getOrder(uniqueCustomer('edge-other'), orderId);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } });
    expect(JSON.stringify(other.body)).not.toContain(customer);
  });

  it('created no order and moved no stock for any refused request', async () => {
    const page = await listOrders(customer);
    expect(page.status).toBe(200);
    // Only the one accepted order of the 404 case exists.
    expect(page.body.orders).toHaveLength(1);
    const stock = await stockOf(sku);
    expect(stock.available + stock.reserved + stock.sold).toBe(5);
    expect(stock.available).toBeGreaterThanOrEqual(4);
  });
});
