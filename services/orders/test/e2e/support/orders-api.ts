import { existsSync, readFileSync } from 'node:fs';
import { localApiKeyValue } from '@stratus/local-cloud/src/api-gateway/usage-plans';
import { WAIT } from './e2e-settings';
import { waitFor } from './eventually';
import { callApi, expectStatus, isTransient, withRetries } from './http';
import type { ApiResponse } from './http';
import { sagaStack } from './saga-stack';
import { tokenFor } from './tokens';
import { idempotencyKey } from './unique';

export type OrderStatus = 'PENDING' | 'RESERVED' | 'CONFIRMED' | 'CANCELLED';
export const TERMINAL: ReadonlySet<OrderStatus> = new Set(['CONFIRMED', 'CANCELLED']);

export interface OrderLine {
  sku: string;
  quantity: number;
}

/** The public order (services/orders src/domain/order-view.ts). */
export interface OrderView {
  orderId: string;
  status: OrderStatus;
  items: OrderLine[];
  createdAt: string;
  updatedAt: string;
  reservedAt?: string;
  confirmedAt?: string;
  cancelledAt?: string;
  cancellationReason?: string;
}

export interface OrderPage {
  orders: OrderView[];
  nextCursor?: string;
}

export const ordersUrl = (path: string) => `${sagaStack().serviceUrl('orders')}${path}`;

/**
 * The `x-api-key` for the orders API, in this order:
 * 1. STRATUS_ORDERS_API_KEY;
 * 2. the partner-plan key the local cloud lists for orders in its endpoints, if it lists keys;
 * 3. a key the orders serverless-offline process announced it accepts ("Key with token: ..." in
 *    the stack's log): the partner plan's documented local value when it is among them, else the
 *    first one (a stack that did not hand the plans' keys to serverless-offline, which then
 *    accepts only its built-in fallback key);
 * 4. the partner plan's documented local value (the local cloud derives key values from service,
 *    plan and key name, because orders' serverless.yml leaves them to API Gateway).
 * The partner plan is orders' highest tier: the 200-order race is not throttled by it. Today the
 * local cloud lists the keys (2), and its usage-plan proxy in front of serverless-offline enforces
 * both plans (usage-plans.test.ts).
 */
export function ordersApiKey(): string {
  // Without the service there is nothing to key: say that first.
  sagaStack().serviceUrl('orders');
  resolvedApiKey ??= resolveOrdersApiKey();
  return resolvedApiKey;
}

let resolvedApiKey: string | undefined;

function resolveOrdersApiKey(): string {
  const fromEnv = process.env.STRATUS_ORDERS_API_KEY;
  if (fromEnv) return fromEnv;
  const partner = localApiKeyValue('orders', 'partner', 'orders-local-partner');
  const listed = (
    (
      sagaStack().endpoints.services.orders as
        { apiKeys?: { value?: string; plan?: string; enabled?: boolean }[] } | undefined
    )?.apiKeys ?? []
  ).filter((entry) => entry.enabled !== false && entry.value);
  const listedKey = (listed.find((entry) => entry.plan === 'partner') ?? listed.at(-1))?.value;
  if (listedKey) return listedKey;
  const announced = announcedOfflineKeys();
  if (announced.includes(partner)) return partner;
  return announced[0] ?? partner;
}

/**
 * The local value of the orders API key of a usage plan (`standard` or `partner`), as the local
 * cloud lists it in its endpoints (the keys its usage-plan proxy in front of serverless-offline
 * accepts).
 */
export function ordersApiKeyOfPlan(plan: 'standard' | 'partner'): string {
  const keys =
    (sagaStack().endpoints.services.orders as { apiKeys?: { value: string; plan: string }[] } | undefined)
      ?.apiKeys ?? [];
  const key = keys.find((entry) => entry.plan === plan)?.value;
  if (!key)
    throw new Error(
      `the local cloud lists no ${plan}-plan key for orders (keys: ${JSON.stringify(keys.map((entry) => entry.plan))})`,
    );
  return key;
}

/** Keys the orders serverless-offline process printed at start-up, from the stack's log. */
function announcedOfflineKeys(): string[] {
  const file = sagaStack().logFile;
  if (!existsSync(file)) return [];
  return [...readFileSync(file, 'utf8').matchAll(/^\[orders\] Key with token: '([^']+)'/gm)].map(
    (match) => match[1] as string,
  );
}

/**
 * `POST /orders` as `customer`, with a fresh Idempotency-Key unless one is given; a 5xx or no
 * answer is retried with the same key (see withRetries).
 */
export async function placeOrder(
  customer: string,
  items: OrderLine[],
  options: { key?: string; apiKey?: string | null } = {},
): Promise<ApiResponse<{ orderId: string; status: OrderStatus }>> {
  const apiKey = options.apiKey === null ? undefined : (options.apiKey ?? ordersApiKey());
  const key = options.key ?? idempotencyKey();
  const token = await tokenFor(customer);
  // Like a client of an idempotent API: a 5xx or a lost answer is sent again with the same key.
  return withRetries(() =>
    callApi('POST', ordersUrl('/orders'), {
      token,
      ...(apiKey ? { apiKey } : {}),
      headers: { 'idempotency-key': key },
      body: { items },
    }),
  );
}

/** `POST /orders` that must be accepted (202 PENDING); returns the order id. */
export async function placeAcceptedOrder(
  customer: string,
  items: OrderLine[],
  key?: string,
): Promise<string> {
  const body = expectStatus(await placeOrder(customer, items, key ? { key } : {}), 202, 'POST /orders');
  expect(body).toEqual({ orderId: expect.any(String), status: 'PENDING' });
  return body.orderId;
}

export async function getOrder(customer: string, orderId: string): Promise<ApiResponse<OrderView>> {
  return callApi('GET', ordersUrl(`/orders/${encodeURIComponent(orderId)}`), {
    token: await tokenFor(customer),
    apiKey: ordersApiKey(),
  });
}

export async function listOrders(customer: string, cursor?: string): Promise<ApiResponse<OrderPage>> {
  // The largest page the API allows: fewer calls while polling a few hundred orders.
  const query = `?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
  return callApi('GET', ordersUrl(`/orders${query}`), {
    token: await tokenFor(customer),
    apiKey: ordersApiKey(),
  });
}

/** Every order of a customer, newest first, following the cursor. */
export async function allOrders(customer: string): Promise<OrderView[]> {
  const orders: OrderView[] = [];
  let cursor: string | undefined;
  do {
    const page = expectStatus(await withRetries(() => listOrders(customer, cursor)), 200, 'GET /orders');
    orders.push(...page.orders);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return orders;
}

export async function cancelOrder(customer: string, orderId: string): Promise<ApiResponse<OrderView>> {
  return callApi('POST', ordersUrl(`/orders/${encodeURIComponent(orderId)}/cancel`), {
    token: await tokenFor(customer),
    apiKey: ordersApiKey(),
  });
}

/** Polls GET /orders/{id} until the order satisfies `accept`; returns it. */
export async function waitForOrder(
  customer: string,
  orderId: string,
  what: string,
  accept: (order: OrderView) => boolean,
  timeoutMs: number = WAIT.sagaMs,
): Promise<OrderView> {
  let last: OrderView | undefined;
  return waitFor(
    `order ${orderId} to be ${what}`,
    async () => {
      const response = await getOrder(customer, orderId);
      if (isTransient(response.status)) return undefined; // busy stack: ask again
      last = expectStatus(response, 200, `GET /orders/${orderId}`);
      return accept(last) ? last : undefined;
    },
    { timeoutMs, describe: () => JSON.stringify(last) },
  );
}

export const waitForTerminal = (customer: string, orderId: string, timeoutMs?: number) =>
  waitForOrder(customer, orderId, 'CONFIRMED or CANCELLED', (order) => TERMINAL.has(order.status), timeoutMs);

/**
 * Waits until every order of `orderIds` is terminal, reading the customers' lists (a few
 * requests per round however many orders), and returns the final view of each by id.
 */
export async function waitForAllTerminal(
  ordersByCustomer: ReadonlyMap<string, readonly string[]>,
  timeoutMs: number = WAIT.raceMs,
): Promise<Map<string, OrderView>> {
  const final = new Map<string, OrderView>();
  const open = new Map([...ordersByCustomer].map(([customer, ids]) => [customer, new Set(ids)]));
  await waitFor(
    `${[...ordersByCustomer.values()].reduce((sum, ids) => sum + ids.length, 0)} orders to be terminal`,
    async () => {
      for (const [customer, ids] of open) {
        for (const order of await allOrders(customer)) {
          if (!ids.has(order.orderId)) continue;
          final.set(order.orderId, order);
          if (TERMINAL.has(order.status)) ids.delete(order.orderId);
        }
        if (ids.size === 0) open.delete(customer);
      }
      return open.size === 0 ? true : undefined;
    },
    {
      timeoutMs,
      intervalMs: 1_000,
      describe: () => {
        const counts: Record<string, number> = {};
        for (const order of final.values()) counts[order.status] = (counts[order.status] ?? 0) + 1;
        const unseen = [...open.values()].reduce(
          (sum, ids) => sum + [...ids].filter((id) => !final.has(id)).length,
          0,
        );
        return `${JSON.stringify(counts)}, ${unseen} never listed`;
      },
    },
  );
  return final;
}

/**
 * Warms the orders authorizer and POST /orders before a burst, as any load test warms up: each of
 * the function's execution environments loads its bundle on first use, and on a busy 2-core
 * machine a cold start can take seconds. The warm-up requests carry no lines, so the handler
 * refuses them (4xx) and no order is created.
 */
export async function warmUpOrdersApi(customers: readonly string[], concurrency: number): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: concurrency }, async (_, index) => {
      const customer = customers[index % customers.length] as string;
      return placeOrderBody(customer, { items: [] });
    }),
  );
  const unexpected = answers.filter((answer) => answer.status < 400 || answer.status >= 500);
  if (unexpected.length > 0)
    throw new Error(
      `warming POST /orders: expected 4xx for an order without lines, got ${JSON.stringify(unexpected.map((answer) => answer.status))}`,
    );
}

async function placeOrderBody(customer: string, body: unknown): Promise<ApiResponse<unknown>> {
  const token = await tokenFor(customer);
  const apiKey = ordersApiKey();
  const key = idempotencyKey();
  return withRetries(() =>
    callApi('POST', ordersUrl('/orders'), { token, apiKey, headers: { 'idempotency-key': key }, body }),
  );
}
