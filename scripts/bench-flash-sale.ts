/**
 * `npm run bench:flash-sale`: a flash sale against the RUNNING local stack (`npm start` in another
 * terminal). Restocks 3 hot SKUs with 500 units in all (sharded), fires 2,000 POST /orders (one
 * unit each, unique Idempotency-Keys, several customers) at concurrency 50, replays a sample of
 * the requests with the same keys, waits until every accepted order is CONFIRMED or CANCELLED,
 * and prints: accepted orders/s, POST /orders latency p50/p95/p99, time until every order is
 * terminal, the invariants (oversold, lost, duplicated, and the two services' books), beside the
 * same load on the orders service's public no-op GET /health, with PASS/FAIL per target.
 *
 *   npm run bench:flash-sale -- [--orders 2000] [--concurrency 50] [--skus 3] [--units 500]
 *                               [--shards 8] [--customers 20] [--replays 100]
 *                               [--terminal-timeout 300] [--api-key <key>] [--data-dir <dir>]
 *
 * Exit code 0 when every target passes, 1 otherwise. Loopback only; Node's fetch with its
 * keep-alive connection pool (the connections column shows the reuse).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { runBoundedLoad } from './src/flash-sale/bounded-load';
import type { LoadResult } from './src/flash-sale/bounded-load';
import { confirmationsPerOrder } from './src/flash-sale/bus-archive';
import { ConnectionCounter } from './src/flash-sale/connection-counter';
import { computeInvariants, TERMINAL_STATUSES } from './src/flash-sale/invariants';
import type { AcceptedOrder, FinalOrder, SkuBooks } from './src/flash-sale/invariants';
import { locateRunningStack } from './src/flash-sale/local-stack';
import { resolveOrdersApiKey } from './src/flash-sale/orders-api-key';
import { evaluateTargets, formatReport } from './src/flash-sale/report';
import type { LoadFigures } from './src/flash-sale/report';
import { planSale } from './src/flash-sale/sale-plan';
import { FlashSaleApi, tokenMinter } from './src/flash-sale/stack-api';
import type { Answer } from './src/flash-sale/stack-api';
import { ratePerSecond, summarizeLatencies } from './src/flash-sale/statistics';
import { runAsyncMain } from './src/flash-sale/run-async-main';

const WARM_UP_REQUESTS = 50;
const POLL_INTERVAL_MS = 1_000;

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive whole number, got '${text}'`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '50' },
      skus: { type: 'string', default: '3' },
      units: { type: 'string', default: '500' },
      shards: { type: 'string', default: '8' },
      customers: { type: 'string', default: '20' },
      replays: { type: 'string', default: '100' },
      'terminal-timeout': { type: 'string', default: '300' },
      'api-key': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const orderCount = positiveInteger('orders', values.orders);
  const concurrency = positiveInteger('concurrency', values.concurrency);
  const shards = positiveInteger('shards', values.shards);
  const replayCount = Math.min(Number(values.replays), orderCount);
  const terminalTimeoutMs = positiveInteger('terminal-timeout', values['terminal-timeout']) * 1000;

  const stack = await locateRunningStack(...(values['data-dir'] ? [values['data-dir']] : []));
  const apiKey = resolveOrdersApiKey(stack, values['api-key']);
  const api = new FlashSaleApi(stack, apiKey);
  const mint = await tokenMinter(stack);
  const runId = randomBytes(3).toString('hex');
  const plan = planSale({
    runId,
    orders: orderCount,
    skus: positiveInteger('skus', values.skus),
    units: positiveInteger('units', values.units),
    customers: positiveInteger('customers', values.customers),
  });
  const adminToken = await mint(`flash-${runId}-admin`, 'admin');
  const tokens = new Map<string, string>();
  for (const customer of plan.customers) tokens.set(customer, await mint(customer, 'customer'));
  const tokenOf = (customer: string) => tokens.get(customer) as string;

  console.log(
    `bench:flash-sale run ${runId} against orders ${stack.ordersUrl}, inventory ${stack.inventoryUrl} (Node ${process.version})`,
  );
  for (const { sku, units } of plan.stock) await api.restock(adminToken, sku, units, shards);
  console.log(
    `  restocked ${plan.stock.map(({ sku, units }) => `${sku} ${units}`).join(', ')} (${shards} shards each); ` +
      `${plan.customers.length} customers; ${orderCount} orders of 1 unit at concurrency ${concurrency}`,
  );

  const connections = new ConnectionCounter();
  try {
    // Warm both paths the same way (handler modules loaded, connections open), outside the figures.
    const warmUpCustomer = `flash-${runId}-warm-up`;
    const warmUpToken = await mint(warmUpCustomer, 'customer');
    await runBoundedLoad({ total: WARM_UP_REQUESTS, concurrency, send: () => api.health() });
    await runBoundedLoad({
      total: WARM_UP_REQUESTS,
      concurrency,
      // An unknown SKU: the saga cancels these (UNKNOWN_SKU) without touching the sale's stock.
      send: (index) =>
        api.placeOrder(
          warmUpToken,
          [{ sku: `FLASH${runId.toUpperCase()}-WARM`, quantity: 1 }],
          `flash-${runId}-warm-${index}`,
        ),
    });
    connections.take();

    console.log(`  no-op load: ${orderCount} x GET /health ...`);
    const noopLoad = await runBoundedLoad({ total: orderCount, concurrency, send: () => api.health() });
    const noop = figures('GET /health (no-op)', noopLoad, 200, connections.take());

    console.log(`  order load: ${orderCount} x POST /orders ...`);
    const loadStartedAt = new Date();
    const loadStarted = performance.now();
    const orderLoad = await runBoundedLoad({
      total: orderCount,
      concurrency,
      send: (index) => {
        const order = plan.orders[index]!;
        return api.placeOrder(
          tokenOf(order.customerId),
          [{ sku: order.sku, quantity: order.quantity }],
          order.idempotencyKey,
        );
      },
    });
    const lastAnswer = performance.now();
    const orders = figures('POST /orders', orderLoad, 202, connections.take());

    const accepted: AcceptedOrder[] = [];
    const unanswered = new Map<string, number>();
    orderLoad.outcomes.forEach((outcome, index) => {
      const order = plan.orders[index]!;
      if (outcome.ok && outcome.value.status === 202 && typeof outcome.value.body.orderId === 'string') {
        accepted.push({
          idempotencyKey: order.idempotencyKey,
          customerId: order.customerId,
          orderId: outcome.value.body.orderId,
          items: [{ sku: order.sku, quantity: order.quantity }],
        });
      } else if (!outcome.ok) {
        unanswered.set(order.customerId, (unanswered.get(order.customerId) ?? 0) + 1);
      }
    });

    // The same key and body again: the same answer, never a second order (not part of the figures).
    const replayed = accepted.slice(0, replayCount);
    const replayLoad = await runBoundedLoad({
      total: replayed.length,
      concurrency,
      send: (index) => {
        const original = replayed[index]!;
        return api.placeOrder(tokenOf(original.customerId), original.items, original.idempotencyKey);
      },
    });
    const replayProblems: string[] = [];
    replayLoad.outcomes.forEach((outcome, index) => {
      const original = replayed[index]!;
      if (!outcome.ok) {
        unanswered.set(original.customerId, (unanswered.get(original.customerId) ?? 0) + 1);
        return;
      }
      const { status, body } = outcome.value;
      if (status === 202 && typeof body.orderId === 'string') {
        accepted.push({ ...original, orderId: body.orderId });
      } else {
        replayProblems.push(`key ${original.idempotencyKey} replayed: ${status} ${JSON.stringify(body)}`);
      }
    });
    console.log(
      `  replayed ${replayed.length} requests with their Idempotency-Key: ${replayLoad.outcomes.filter((outcome) => outcome.ok && outcome.value.status === 202 && outcome.value.body.orderId === replayed[outcome.index]?.orderId).length} answered with the same order`,
    );

    console.log(
      `  waiting (at most ${terminalTimeoutMs / 1000} s) until every accepted order is terminal ...`,
    );
    const final = await waitUntilTerminal(api, accepted, tokenOf, terminalTimeoutMs);
    const terminalAt = final.allTerminalAt;

    const listed = new Map<string, string[]>();
    for (const customer of plan.customers)
      listed.set(
        customer,
        (await api.allOrders(tokenOf(customer))).map((order) => order.orderId),
      );
    const books: SkuBooks[] = [];
    for (const { sku, units } of plan.stock) {
      const stock = await api.stock(adminToken, sku);
      books.push({
        sku,
        restocked: units,
        available: stock.available,
        reserved: stock.reserved,
        sold: stock.sold,
      });
    }
    const confirmations = await confirmationsPerOrder(
      stack.archiveFile,
      new Set(accepted.map((order) => order.orderId)),
      new Date(loadStartedAt.getTime() - 1_000),
    );
    const invariants = computeInvariants({
      accepted,
      final: final.orders,
      listed,
      unanswered,
      confirmations,
      books,
    });
    invariants.examples.push(...replayProblems.slice(0, 5));
    const checks = evaluateTargets(orders, noop, invariants);
    console.log(
      `\n${formatReport({
        header: [
          `Flash sale: ${orderCount} orders for ${plan.stock.reduce((sum, { units }) => sum + units, 0)} units over ${plan.stock.length} hot SKUs, concurrency ${concurrency}, ${plan.customers.length} customers`,
        ],
        noop,
        orders,
        terminalAfterMs: terminalAt === undefined ? undefined : terminalAt - loadStarted,
        terminalAfterLastAnswerMs: terminalAt === undefined ? undefined : terminalAt - lastAnswer,
        terminalWaitLimitMs: terminalTimeoutMs,
        invariants,
        checks,
      })}`,
    );
    return checks.every((check) => check.pass) ? 0 : 1;
  } finally {
    connections.close();
  }
}

function figures(label: string, load: LoadResult<Answer>, success: number, connections: number): LoadFigures {
  const otherAnswers: Record<string, number> = {};
  let succeeded = 0;
  for (const outcome of load.outcomes) {
    const key = outcome.ok ? String(outcome.value.status) : 'no answer';
    if (outcome.ok && outcome.value.status === success) succeeded++;
    else otherAnswers[key] = (otherAnswers[key] ?? 0) + 1;
  }
  return {
    label,
    requests: load.outcomes.length,
    succeeded,
    otherAnswers,
    elapsedMs: load.elapsedMs,
    rate: ratePerSecond(succeeded, load.elapsedMs),
    latency: summarizeLatencies(load.outcomes.map((outcome) => outcome.latencyMs)),
    connections,
  };
}

/**
 * Polls each customer's GET /orders until every accepted order is CONFIRMED or CANCELLED, or the
 * time is up. A customer whose orders are all terminal is not asked again (terminal is final).
 */
async function waitUntilTerminal(
  api: FlashSaleApi,
  accepted: readonly AcceptedOrder[],
  tokenOf: (customer: string) => string,
  timeoutMs: number,
): Promise<{ orders: Map<string, FinalOrder>; allTerminalAt: number | undefined }> {
  const orders = new Map<string, FinalOrder>();
  const pending = new Map<string, Set<string>>();
  for (const order of accepted) {
    const ids = pending.get(order.customerId) ?? new Set<string>();
    ids.add(order.orderId);
    pending.set(order.customerId, ids);
  }
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    for (const [customer, ids] of pending) {
      for (const order of await api.allOrders(tokenOf(customer))) {
        if (!ids.has(order.orderId)) continue;
        orders.set(order.orderId, {
          orderId: order.orderId,
          status: order.status,
          ...(order.cancellationReason === undefined ? {} : { cancellationReason: order.cancellationReason }),
        });
        if (TERMINAL_STATUSES.has(order.status)) ids.delete(order.orderId);
      }
      if (ids.size === 0) pending.delete(customer);
    }
    if (pending.size === 0) return { orders, allTerminalAt: performance.now() };
    if (performance.now() >= deadline) return { orders, allTerminalAt: undefined };
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

runAsyncMain('bench:flash-sale', main);
