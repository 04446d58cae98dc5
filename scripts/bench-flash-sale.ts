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
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runBoundedLoad } from './src/flash-sale/bounded-load';
import { confirmationsPerOrder } from './src/flash-sale/bus-archive';
import { callWithRetries, isRetryableStatus } from './src/flash-sale/client-retry';
import type { RetriedCall } from './src/flash-sale/client-retry';
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
import { cpuPerRequest, formatCpuPerRequest, readStackCpu } from './src/flash-sale/stack-cpu';
import { runAsyncMain } from './src/flash-sale/run-async-main';

const WARM_UP_REQUESTS = 50;
const POLL_INTERVAL_MS = 1_000;
/** A client's retries of a 5xx or unanswered request (same Idempotency-Key), with backoff and jitter. */
const CLIENT_RETRIES = 3;
const retryDelayMs = (retry: number) => 250 * 2 ** (retry - 1) * (0.5 + Math.random());
/** How long inventory may take to apply the last confirmations after orders is done. */
const BOOKS_SETTLE_TIMEOUT_MS = 120_000;

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
  const stackSettings = stack.endpoints.settings;
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
  const retrying = <T>(send: () => Promise<Answer<T>>) =>
    callWithRetries(send, {
      retries: CLIENT_RETRIES,
      statusOf: (answer) => answer.status,
      delayMs: retryDelayMs,
    });

  const loadBefore = os.loadavg()[0] as number;
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
    await runBoundedLoad({ total: WARM_UP_REQUESTS, concurrency, send: () => retrying(() => api.health()) });
    await runBoundedLoad({
      total: WARM_UP_REQUESTS,
      concurrency,
      // No lines: the handler refuses them (400) after loading, so no order and no saga work.
      send: (index) => retrying(() => api.placeOrder(warmUpToken, [], `flash-${runId}-warm-${index}`)),
    });
    connections.take();

    console.log(`  no-op load: ${orderCount} x GET /health ...`);
    const cpuBeforeNoop = await readStackCpu(stack.endpoints.admin);
    const noopLoad = await runBoundedLoad({
      total: orderCount,
      concurrency,
      send: () => retrying(() => api.health()),
    });
    const noop = figures('GET /health (no-op)', noopLoad, 200, connections.take());

    const cpuAfterNoop = await readStackCpu(stack.endpoints.admin);

    console.log(`  order load: ${orderCount} x POST /orders ...`);
    const loadStartedAt = new Date();
    const loadStarted = performance.now();
    const orderLoad = await runBoundedLoad({
      total: orderCount,
      concurrency,
      send: (index) => {
        const order = plan.orders[index]!;
        return retrying(() =>
          api.placeOrder(
            tokenOf(order.customerId),
            [{ sku: order.sku, quantity: order.quantity }],
            order.idempotencyKey,
          ),
        );
      },
    });
    const lastAnswer = performance.now();
    const cpuAfterOrders = await readStackCpu(stack.endpoints.admin);
    const orders = figures('POST /orders', orderLoad, 202, connections.take());

    const accepted: AcceptedOrder[] = [];
    const unanswered = new Map<string, number>();
    const countUnanswered = (customer: string) =>
      unanswered.set(customer, (unanswered.get(customer) ?? 0) + 1);
    orderLoad.outcomes.forEach((outcome, index) => {
      const order = plan.orders[index]!;
      const answer = outcome.ok ? outcome.value.answer : undefined;
      if (answer?.status === 202 && typeof answer.body.orderId === 'string') {
        accepted.push({
          idempotencyKey: order.idempotencyKey,
          customerId: order.customerId,
          orderId: answer.body.orderId,
          items: [{ sku: order.sku, quantity: order.quantity }],
        });
      } else if (isRetryableStatus(answer?.status)) {
        // No definitive answer even after the retries: an order may exist that nobody was told about.
        countUnanswered(order.customerId);
      }
    });

    // The same key and body again: the same answer, never a second order (not part of the figures).
    const replayed = accepted.slice(0, replayCount);
    const replayLoad = await runBoundedLoad({
      total: replayed.length,
      concurrency,
      send: (index) => {
        const original = replayed[index]!;
        return retrying(() =>
          api.placeOrder(tokenOf(original.customerId), original.items, original.idempotencyKey),
        );
      },
    });
    const replayProblems: string[] = [];
    let sameOrder = 0;
    replayLoad.outcomes.forEach((outcome, index) => {
      const original = replayed[index]!;
      const answer = outcome.ok ? outcome.value.answer : undefined;
      if (answer?.status === 202 && typeof answer.body.orderId === 'string') {
        accepted.push({ ...original, orderId: answer.body.orderId });
        if (answer.body.orderId === original.orderId) sameOrder++;
      } else {
        if (isRetryableStatus(answer?.status)) countUnanswered(original.customerId);
        replayProblems.push(
          `key ${original.idempotencyKey} replayed: ${answer ? `${answer.status} ${JSON.stringify(answer.body)}` : 'no answer'}`,
        );
      }
    });
    console.log(
      `  replayed ${replayed.length} requests with their Idempotency-Key: ${sameOrder} answered with the same order`,
    );

    console.log(
      `  waiting (at most ${terminalTimeoutMs / 1000} s) until every order of the sale is terminal ...`,
    );
    const final = await waitUntilTerminal(api, plan.customers, accepted, tokenOf, terminalTimeoutMs);
    const terminalAt = final.allTerminalAt;
    const cpuAfterSale = await readStackCpu(stack.endpoints.admin);

    // Inventory commits a confirmation when OrderConfirmed reaches it, after the order is
    // CONFIRMED: wait (bounded) until its books show what orders confirmed, then read them.
    const booksWaitStarted = performance.now();
    const books = await settledBooks(api, adminToken, plan.stock, final.orders, BOOKS_SETTLE_TIMEOUT_MS);
    const booksSettledMs = performance.now() - booksWaitStarted;
    const confirmations = await confirmationsPerOrder(
      stack.archiveFile,
      new Set(final.orders.keys()),
      new Date(loadStartedAt.getTime() - 1_000),
    );
    const invariants = computeInvariants({ accepted, final: final.orders, unanswered, confirmations, books });
    invariants.examples.push(...replayProblems.slice(0, 5));
    const checks = evaluateTargets(orders, noop, invariants);
    console.log(
      `\n${formatReport({
        header: [
          `Flash sale: ${orderCount} orders for ${plan.stock.reduce((sum, { units }) => sum + units, 0)} units over ${plan.stock.length} hot SKUs, concurrency ${concurrency}, ${plan.customers.length} customers`,
          `  stack: DynamoDB tables ${stackSettings.tablesInMemory ? 'in memory (--in-memory)' : 'on disk (npm start -- --in-memory doubles their write throughput)'}, ${stackSettings.lambdaConcurrency} execution environments per function`,
          `  machine: ${os.cpus().length} cores, 1-minute load average ${loadBefore.toFixed(1)} before the run and ${(os.loadavg()[0] as number).toFixed(1)} after it (other work on the machine slows the stack)`,
          `  (inventory's books read ${(booksSettledMs / 1000).toFixed(1)} s after the last order became terminal, once it had applied every confirmation)`,
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
    console.log(
      [
        '',
        'CPU time of the stack per request, by part (ms; 2 cores give 2,000 ms of CPU per second):',
        formatCpuPerRequest('no-op GET /health', cpuPerRequest(cpuBeforeNoop, cpuAfterNoop, orderCount)),
        formatCpuPerRequest(
          'POST /orders, while the load ran (the saga runs meanwhile)',
          cpuPerRequest(cpuAfterNoop, cpuAfterOrders, orderCount),
        ),
        formatCpuPerRequest(
          'per order, from the first POST until every order was terminal (replays and polling included)',
          cpuPerRequest(cpuAfterNoop, cpuAfterSale, orderCount),
        ),
      ].join('\n'),
    );
    return checks.every((check) => check.pass) ? 0 : 1;
  } finally {
    connections.close();
  }
}

function figures(
  label: string,
  load: { outcomes: { ok: boolean; value?: RetriedCall<Answer> }[]; elapsedMs: number },
  success: number,
  connections: number,
): LoadFigures {
  const otherAnswers: Record<string, number> = {};
  const latencies: number[] = [];
  let succeeded = 0;
  let retried = 0;
  for (const outcome of load.outcomes) {
    const call = outcome.ok ? outcome.value : undefined;
    for (const attempt of call?.attempts ?? []) latencies.push(attempt.latencyMs);
    retried += Math.max(0, (call?.attempts.length ?? 1) - 1);
    const status = call?.answer?.status;
    if (status === success) succeeded++;
    else {
      const key = status === undefined ? 'no answer' : String(status);
      otherAnswers[key] = (otherAnswers[key] ?? 0) + 1;
    }
  }
  return {
    label,
    requests: load.outcomes.length,
    succeeded,
    otherAnswers,
    elapsedMs: load.elapsedMs,
    rate: ratePerSecond(succeeded, load.elapsedMs),
    latency: summarizeLatencies(latencies),
    connections,
    retried,
  };
}

/**
 * Polls each customer's GET /orders until every order of the sale is CONFIRMED or CANCELLED (the
 * accepted ones, and any other order the customers have: one created by a request whose answer
 * was lost must end too), or the time is up. A customer whose orders are all terminal is not
 * asked again (terminal is final).
 */
async function waitUntilTerminal(
  api: FlashSaleApi,
  customers: readonly string[],
  accepted: readonly AcceptedOrder[],
  tokenOf: (customer: string) => string,
  timeoutMs: number,
): Promise<{ orders: Map<string, FinalOrder & { customerId: string }>; allTerminalAt: number | undefined }> {
  const orders = new Map<string, FinalOrder & { customerId: string }>();
  const expected = new Map<string, Set<string>>(customers.map((customer) => [customer, new Set<string>()]));
  for (const order of accepted) expected.get(order.customerId)?.add(order.orderId);
  const open = new Set(customers);
  const deadline = performance.now() + timeoutMs;
  let lastPollError: string | undefined;
  for (;;) {
    for (const customer of [...open]) {
      let listed: Awaited<ReturnType<FlashSaleApi['allOrders']>>;
      try {
        listed = await api.allOrders(tokenOf(customer));
      } catch (error) {
        // A 5xx of an overloaded stack while polling: ask again next round, within the deadline.
        lastPollError = (error as Error).message;
        continue;
      }
      for (const order of listed) {
        orders.set(order.orderId, {
          orderId: order.orderId,
          customerId: customer,
          status: order.status,
          items: order.items,
          ...(order.cancellationReason === undefined ? {} : { cancellationReason: order.cancellationReason }),
        });
      }
      const seen = new Set(listed.map((order) => order.orderId));
      const allListed = [...(expected.get(customer) ?? [])].every((orderId) => seen.has(orderId));
      if (allListed && listed.every((order) => TERMINAL_STATUSES.has(order.status))) open.delete(customer);
    }
    if (open.size === 0) return { orders, allTerminalAt: performance.now() };
    if (performance.now() >= deadline) {
      if (lastPollError) console.log(`  (last failed poll of GET /orders: ${lastPollError})`);
      return { orders, allTerminalAt: undefined };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/**
 * Each SKU's books, read once inventory has caught up with orders: nothing reserved and sold
 * equal to the units orders confirmed (or when the time is up: then the books are read as they
 * are, and the invariants show the difference).
 */
async function settledBooks(
  api: FlashSaleApi,
  adminToken: string,
  stock: readonly { sku: string; units: number }[],
  orders: ReadonlyMap<string, FinalOrder>,
  timeoutMs: number,
): Promise<SkuBooks[]> {
  const confirmed = new Map<string, number>();
  for (const order of orders.values()) {
    if (order.status !== 'CONFIRMED') continue;
    for (const line of order.items) confirmed.set(line.sku, (confirmed.get(line.sku) ?? 0) + line.quantity);
  }
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const books: SkuBooks[] = [];
    for (const { sku, units } of stock) {
      let view: Awaited<ReturnType<FlashSaleApi['stock']>>;
      try {
        view = await api.stock(adminToken, sku);
      } catch (error) {
        // A 5xx of an overloaded stack: ask again next round; at the deadline the error is the answer.
        if (performance.now() >= deadline) throw error;
        break;
      }
      books.push({
        sku,
        restocked: units,
        available: view.available,
        reserved: view.reserved,
        sold: view.sold,
      });
    }
    const settled =
      books.length === stock.length &&
      books.every((book) => book.reserved === 0 && book.sold === (confirmed.get(book.sku) ?? 0));
    if (settled || (performance.now() >= deadline && books.length === stock.length)) return books;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

runAsyncMain('bench:flash-sale', main);
