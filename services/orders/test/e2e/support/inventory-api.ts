import { WAIT } from './e2e-settings';
import { waitFor } from './eventually';
import { callApi, expectStatus, withRetries } from './http';
import { sagaStack } from './saga-stack';
import { adminToken, tokenFor } from './tokens';

/** What `GET`/`PUT /inventory/{sku}` answer (services/inventory/README.md). */
export interface StockView {
  sku: string;
  available: number;
  reserved: number;
  sold: number;
  shards: number;
  lowStockThreshold: number;
}

const stockUrl = (sku: string) =>
  `${sagaStack().serviceUrl('inventory')}/inventory/${encodeURIComponent(sku)}`;

/** `PUT /inventory/{sku}` as an admin: sets the available units (spread over `shards`). */
export async function restock(
  sku: string,
  available: number,
  options: { shards?: number } = {},
): Promise<StockView> {
  const token = await adminToken();
  // Setting the stock is idempotent: a 5xx of a busy stack is sent again.
  const response = await withRetries(() =>
    callApi<StockView>('PUT', stockUrl(sku), {
      token,
      body: { available, ...(options.shards === undefined ? {} : { shards: options.shards }) },
    }),
  );
  return expectStatus(response, 200, `PUT /inventory/${sku}`);
}

/** `GET /inventory/{sku}` as a customer. */
export async function stockOf(sku: string): Promise<StockView> {
  const token = await tokenFor('e2e-stock-reader');
  const response = await withRetries(() => callApi<StockView>('GET', stockUrl(sku), { token }));
  return expectStatus(response, 200, `GET /inventory/${sku}`);
}

/**
 * Waits until `GET /inventory/{sku}` shows `expected` (the consumers apply events
 * asynchronously), and returns that view.
 */
export async function waitForStock(
  sku: string,
  expected: Partial<StockView>,
  timeoutMs: number = WAIT.sagaMs,
): Promise<StockView> {
  let last: StockView | undefined;
  return waitFor(
    `stock of ${sku} to be ${JSON.stringify(expected)}`,
    async () => {
      last = await stockOf(sku);
      const view = last;
      return Object.entries(expected).every(([name, value]) => view[name as keyof StockView] === value)
        ? view
        : undefined;
    },
    { timeoutMs, describe: () => JSON.stringify(last) },
  );
}
