import { inParallel } from './support/bounded';
import { closeBusClients, deadLetterDepths } from './support/bus';
import { standardPlan, WAIT } from './support/e2e-settings';
import { waitFor } from './support/eventually';
import { callApi } from './support/http';
import type { ApiResponse } from './support/http';
import { restock, stockOf, waitForStock } from './support/inventory-api';
import {
  allOrders,
  ordersApiKeyOfPlan,
  ordersUrl,
  waitForAllTerminal,
  warmUpOrdersApi,
} from './support/orders-api';
import { tokenFor } from './support/tokens';
import { idempotencyKey, uniqueCustomer, uniqueSku } from './support/unique';

const STOCK = 100;
/** POST /orders sent at the same moment with the standard plan's key: several times its burst. */
const STANDARD_BURST = 12;
/** POST /orders sent meanwhile with the partner plan's key (a few in flight at a time). */
const PARTNER_ORDERS = 6;

type OrderAnswer = ApiResponse<{ orderId?: string; status?: string; message?: string }>;

/**
 * The orders API's two usage-plan tiers, enforced in front of serverless-offline by the local
 * cloud's API Gateway stand-in (the usage-plan proxy on the service's URL), with the keys the
 * local cloud derives for the plans of services/orders/serverless.yml. The e2e stack runs the
 * standard tier at 1 request/s, burst 3, 12 a day (support/e2e-settings.ts; `npm start` keeps
 * 50/s, 100, 100,000), so a dozen requests exceed it; the partner tier keeps its 5,000/s.
 * Throttled requests are answered 429 with API Gateway's JSON body before any function runs: they
 * create no order and move no stock.
 */
describe('usage plans of the orders API', () => {
  const plan = standardPlan();
  const sku = uniqueSku('E2EPLAN');
  const standardCustomer = uniqueCustomer('standard');
  const partnerCustomer = uniqueCustomer('partner');
  /** Requests the standard key got through so far (what its quota has counted). */
  let standardAdmitted = 0;
  let standardOrders: string[] = [];
  let partnerOrders: string[] = [];
  let dlqBefore: Record<string, number>;

  const postOrder = async (customer: string, apiKey: string): Promise<OrderAnswer> =>
    callApi('POST', ordersUrl('/orders'), {
      token: await tokenFor(customer),
      apiKey,
      headers: { 'idempotency-key': idempotencyKey() },
      body: { items: [{ sku, quantity: 1 }] },
    });

  const expectGatewayRefusal = (
    answer: OrderAnswer,
    message: 'Too Many Requests' | 'Limit Exceeded',
    errorType: string,
  ) => {
    expect(answer.status).toBe(429);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.body).toEqual({ message });
    expect(answer.headers.get('x-amzn-errortype')).toBe(errorType);
  };

  beforeAll(async () => {
    dlqBefore = await deadLetterDepths();
    await restock(sku, STOCK, { shards: 2 });
    // Warm instances of the authorizer and POST /orders (with the partner key, line-less orders
    // that create nothing), so the admitted requests below do not meet a cold start.
    await warmUpOrdersApi([partnerCustomer, standardCustomer], 6);
  });

  afterAll(async () => {
    expect(await deadLetterDepths()).toEqual(dlqBefore);
    closeBusClients();
  });

  it('a burst over the standard tier gets 429 Too Many Requests for the excess, while the partner tier is not throttled; only admitted requests placed orders', async () => {
    const standardKey = ordersApiKeyOfPlan('standard');
    const partnerKey = ordersApiKeyOfPlan('partner');
    expect(standardKey).not.toBe(partnerKey);

    const started = performance.now();
    const [standard, partner] = await Promise.all([
      Promise.all(Array.from({ length: STANDARD_BURST }, () => postOrder(standardCustomer, standardKey))),
      inParallel(Array.from({ length: PARTNER_ORDERS }), 3, () => postOrder(partnerCustomer, partnerKey)),
    ]);
    const seconds = (performance.now() - started) / 1000;

    const admitted = standard.filter((answer) => answer.status === 202);
    const throttled = standard.filter((answer) => answer.status === 429);
    // Nothing but the two answers a usage plan allows (no 5xx, no 403).
    expect(admitted.length + throttled.length).toBe(STANDARD_BURST);
    // A token bucket admits at most burst + rate * t in any t seconds, at least one here.
    expect(admitted.length).toBeGreaterThanOrEqual(1);
    expect(admitted.length).toBeLessThanOrEqual(plan.burstLimit + Math.ceil(plan.rateLimit * seconds));
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    for (const answer of throttled)
      expectGatewayRefusal(answer, 'Too Many Requests', 'TooManyRequestsException');
    standardAdmitted += admitted.length;

    // The partner key, at the same moment, is not throttled.
    expect(partner.map((answer) => answer.status)).toEqual(Array(PARTNER_ORDERS).fill(202));

    standardOrders = admitted.map((answer) => answer.body.orderId as string);
    partnerOrders = partner.map((answer) => answer.body.orderId as string);
    const final = await waitForAllTerminal(
      new Map([
        [standardCustomer, standardOrders],
        [partnerCustomer, partnerOrders],
      ]),
      WAIT.sagaMs,
    );
    expect([...final.values()].map((order) => order.status)).toEqual(
      Array(standardOrders.length + PARTNER_ORDERS).fill('CONFIRMED'),
    );
    // Exactly the admitted requests placed orders; the throttled ones left no trace.
    expect(new Set((await allOrders(standardCustomer)).map((order) => order.orderId))).toEqual(
      new Set(standardOrders),
    );
    const sold = standardOrders.length + PARTNER_ORDERS;
    await waitForStock(sku, { available: STOCK - sold, reserved: 0, sold });
  });

  it("past the standard tier's quota every request gets 429 Limit Exceeded, counted only for admitted requests; the partner tier still gets through", async () => {
    const standardKey = ordersApiKeyOfPlan('standard');
    const partnerKey = ordersApiKeyOfPlan('partner');
    const token = await tokenFor(standardCustomer);
    const listWithStandardKey = () =>
      callApi('GET', ordersUrl('/orders?limit=1'), { token, apiKey: standardKey });

    // Use up the rest of the quota at the tier's rate with reads (they change nothing); a
    // throttled read is not counted, so it only means waiting for the next token.
    const statuses: number[] = [];
    const exceeded = await waitFor(
      `the standard key's quota of ${plan.quotaPerDay} to be used up`,
      async () => {
        const answer = await listWithStandardKey();
        statuses.push(answer.status);
        // The gateway counts what it lets through, whatever the function then answers (a busy
        // stack's 504 included); only its own 429s are not counted.
        if (answer.status !== 429) standardAdmitted += 1;
        if (answer.status !== 429 && answer.status !== 200 && answer.status < 500)
          throw new Error(`GET /orders answered ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.status === 429 && (answer.body as { message?: string }).message === 'Limit Exceeded'
          ? answer
          : undefined;
      },
      {
        timeoutMs: ((plan.quotaPerDay + 5) / plan.rateLimit) * 2_000 + WAIT.sagaMs,
        intervalMs: Math.ceil(1_100 / plan.rateLimit),
        describe: () => JSON.stringify(statuses),
      },
    );
    expectGatewayRefusal(exceeded as OrderAnswer, 'Limit Exceeded', 'LimitExceededException');
    // The quota counted exactly the admitted requests of this file: the burst's 429s used none.
    expect(standardAdmitted).toBe(plan.quotaPerDay);

    // Once the quota is used up an order is refused too (the quota is checked before the
    // throttle, so whatever tokens the bucket holds) and creates nothing; the partner key still
    // places orders.
    const stockBefore = await stockOf(sku);
    const refused = await postOrder(standardCustomer, standardKey);
    expectGatewayRefusal(refused, 'Limit Exceeded', 'LimitExceededException');
    const accepted = await postOrder(partnerCustomer, partnerKey);
    expect(accepted.status).toBe(202);
    const final = await waitForAllTerminal(
      new Map([[partnerCustomer, [accepted.body.orderId as string]]]),
      WAIT.sagaMs,
    );
    expect(final.get(accepted.body.orderId as string)?.status).toBe('CONFIRMED');

    expect(new Set((await allOrders(standardCustomer)).map((order) => order.orderId))).toEqual(
      new Set(standardOrders),
    );
    expect(new Set((await allOrders(partnerCustomer)).map((order) => order.orderId))).toEqual(
      new Set([...partnerOrders, accepted.body.orderId]),
    );
    // Only the partner order moved stock since.
    await waitForStock(sku, {
      available: stockBefore.available - 1,
      reserved: 0,
      sold: stockBefore.sold + 1,
    });
  });
});
