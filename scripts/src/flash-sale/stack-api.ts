import { mintToken } from '@stratus/local-cloud/src/identity/mint-token';
import type { Role } from '@stratus/local-cloud/src/identity/mint-token';
import { readSigningKey } from '@stratus/local-cloud/src/identity/signing-key';
import type { FinalOrder, OrderLine } from './invariants';
import type { FlashSaleStack } from './local-stack';

export interface StockView {
  sku: string;
  available: number;
  reserved: number;
  sold: number;
  shards: number;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

/** `GET /orders` page: the caller's orders, newest first, and a cursor when there are more. */
export interface OrderPage {
  orders: (FinalOrder & { items: OrderLine[] })[];
  nextCursor?: string;
}

/** Tokens from the stack's local issuer, as `npm run token` mints them. */
export async function tokenMinter(
  stack: FlashSaleStack,
): Promise<(subject: string, role: Role) => Promise<string>> {
  const key = await readSigningKey(stack.endpoints.dataDir);
  return (subject, role) =>
    mintToken({
      key,
      issuer: stack.endpoints.identity.issuer,
      audience: stack.endpoints.identity.audience,
      subject,
      role,
      expiresInSeconds: 2 * 3600,
    });
}

async function call<T>(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the message.
  }
  return { status: response.status, body: parsed as T };
}

function expectOk<T>(answer: Answer<T>, status: number, what: string): T {
  if (answer.status !== status)
    throw new Error(`${what} answered ${answer.status} (expected ${status}): ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The calls the benchmark makes, over Node's fetch (keep-alive connections). */
export class FlashSaleApi {
  constructor(
    private readonly stack: FlashSaleStack,
    private readonly apiKey: string,
  ) {}

  async restock(adminToken: string, sku: string, available: number, shards: number): Promise<StockView> {
    const answer = await call<StockView>(
      'PUT',
      `${this.stack.inventoryUrl}/inventory/${encodeURIComponent(sku)}`,
      { authorization: `Bearer ${adminToken}` },
      { available, shards },
    );
    return expectOk(answer, 200, `PUT /inventory/${sku}`);
  }

  async stock(token: string, sku: string): Promise<StockView> {
    const answer = await call<StockView>(
      'GET',
      `${this.stack.inventoryUrl}/inventory/${encodeURIComponent(sku)}`,
      {
        authorization: `Bearer ${token}`,
      },
    );
    return expectOk(answer, 200, `GET /inventory/${sku}`);
  }

  health(): Promise<Answer> {
    return call('GET', `${this.stack.ordersUrl}/health`, {});
  }

  placeOrder(
    token: string,
    items: readonly OrderLine[],
    idempotencyKey: string,
  ): Promise<Answer<{ orderId?: string; status?: string }>> {
    return call(
      'POST',
      `${this.stack.ordersUrl}/orders`,
      {
        authorization: `Bearer ${token}`,
        'x-api-key': this.apiKey,
        'idempotency-key': idempotencyKey,
      },
      { items },
    );
  }

  async listOrders(token: string, cursor?: string): Promise<OrderPage> {
    // The largest page the API allows: fewer calls while polling 2,000 orders.
    const query = `?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const answer = await call<OrderPage>('GET', `${this.stack.ordersUrl}/orders${query}`, {
      authorization: `Bearer ${token}`,
      'x-api-key': this.apiKey,
    });
    const page = expectOk(answer, 200, 'GET /orders');
    if (!page || !Array.isArray(page.orders))
      throw new Error(
        `GET /orders answered 200 without an "orders" list: ${JSON.stringify(page).slice(0, 300)}`,
      );
    return page;
  }

  /** Every order of a customer, following the cursor. */
  async allOrders(token: string): Promise<OrderPage['orders']> {
    const orders: OrderPage['orders'] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listOrders(token, cursor);
      orders.push(...page.orders);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return orders;
  }
}
