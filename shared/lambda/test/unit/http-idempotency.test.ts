import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { ConflictError, httpHandler, httpIdempotency, json } from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { fixture } from '../support/fixtures';
import { lambdaContext } from '../../src/testing';
import { MemoryPersistenceLayer, memoryIdempotencyStore } from '../support/memory-idempotency-store';

const PlaceOrder = z.strictObject({
  items: z.array(z.strictObject({ sku: z.string(), quantity: z.number().int().min(1) })).min(1),
});

const request = (options: { key?: string; body?: unknown; sub?: string } = {}): APIGatewayProxyEvent => {
  const event = fixture<APIGatewayProxyEvent>('api-gateway-rest-post-order');
  const headers = { ...(event.headers as Record<string, string>) };
  delete headers['Idempotency-Key'];
  if (options.key !== undefined) headers['Idempotency-Key'] = options.key;
  event.headers = headers;
  if (options.body !== undefined) event.body = JSON.stringify(options.body);
  if (options.sub) event.requestContext.authorizer = { principalId: options.sub, role: 'customer' };
  return event;
};
const bodyOf = (response: APIGatewayProxyResult) => JSON.parse(response.body) as Record<string, unknown>;
const oneLine = { items: [{ sku: 'SKU-1', quantity: 1 }] };
const twoLines = {
  items: [
    { sku: 'SKU-1', quantity: 1 },
    { sku: 'SKU-2', quantity: 3 },
  ],
};

let output: Captured;
beforeEach(() => {
  output = captureConsole();
});
afterEach(() => output.restore());

const placeOrderHandler = (store = new MemoryPersistenceLayer()) => {
  let executions = 0;
  const handler = httpHandler(
    {
      body: PlaceOrder,
      roles: ['customer'],
      idempotency: httpIdempotency({ persistenceStore: memoryIdempotencyStore(store) }),
    },
    async ({ body }) => {
      executions += 1;
      return json(202, { orderId: `order-${executions}`, lines: body.items.length });
    },
  );
  return { handler, executions: () => executions, store };
};

describe('httpIdempotency', () => {
  it('runs once per key and replays the stored response, marked as a replay', async () => {
    const { handler, executions } = placeOrderHandler();
    const first = await handler(request({ key: 'key-1', body: oneLine }), lambdaContext());
    const again = await handler(request({ key: 'key-1', body: oneLine }), lambdaContext());
    expect(executions()).toBe(1);
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(bodyOf(again)).toEqual(bodyOf(first));
    expect(again.headers?.['Idempotent-Replayed']).toBe('true');
    expect(first.headers?.['Idempotent-Replayed']).toBeUndefined();
    expect(again.headers?.['X-Correlation-Id']).toBeDefined();
  });

  it('treats the same body with keys in another order or spacing as the same request', async () => {
    const { handler, executions } = placeOrderHandler();
    await handler(request({ key: 'key-order', body: oneLine }), lambdaContext());
    const event = request({ key: 'key-order' });
    event.body = '{ "items": [ { "quantity": 1, "sku": "SKU-1" } ] }';
    const replay = await handler(event, lambdaContext());
    expect(replay.statusCode).toBe(202);
    expect(executions()).toBe(1);
  });

  it('422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    const { handler, executions } = placeOrderHandler();
    await handler(request({ key: 'key-2', body: oneLine }), lambdaContext());
    const reused = await handler(request({ key: 'key-2', body: twoLines }), lambdaContext());
    expect(reused.statusCode).toBe(422);
    expect(bodyOf(reused).error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(executions()).toBe(1);
  });

  it('400 when the required key is missing or malformed', async () => {
    const { handler, executions } = placeOrderHandler();
    const missing = await handler(request({ body: oneLine }), lambdaContext());
    expect(missing.statusCode).toBe(400);
    expect(bodyOf(missing).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'headers.Idempotency-Key', message: 'Required' }],
    });
    const malformed = await handler(request({ key: 'has space', body: oneLine }), lambdaContext());
    expect(malformed.statusCode).toBe(400);
    expect(executions()).toBe(0);
  });

  it('keeps the keys of different callers apart', async () => {
    const { handler, executions } = placeOrderHandler();
    await handler(request({ key: 'shared-key', body: oneLine, sub: 'alice' }), lambdaContext());
    const bob = await handler(request({ key: 'shared-key', body: oneLine, sub: 'bob' }), lambdaContext());
    expect(bob.headers?.['Idempotent-Replayed']).toBeUndefined();
    expect(executions()).toBe(2);
  });

  it('stores nothing when the handler fails, so a retry runs again', async () => {
    let attempts = 0;
    const handler = httpHandler(
      { body: PlaceOrder, idempotency: httpIdempotency({ persistenceStore: memoryIdempotencyStore() }) },
      async () => {
        attempts += 1;
        if (attempts === 1) throw new ConflictError('try again');
        return json(202, { attempts });
      },
    );
    expect((await handler(request({ key: 'k', body: oneLine }), lambdaContext())).statusCode).toBe(409);
    const retry = await handler(request({ key: 'k', body: oneLine }), lambdaContext());
    expect(retry.statusCode).toBe(202);
    expect(bodyOf(retry)).toEqual({ attempts: 2 });
  });

  it('409 IDEMPOTENCY_KEY_IN_PROGRESS for a retry while the first request is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = httpHandler(
      { body: PlaceOrder, idempotency: httpIdempotency({ persistenceStore: memoryIdempotencyStore() }) },
      async () => {
        await gate;
        return json(202, { done: true });
      },
    );
    const first = handler(request({ key: 'slow', body: oneLine }), lambdaContext());
    await new Promise((resolve) => setImmediate(resolve));
    const second = await handler(request({ key: 'slow', body: oneLine }), lambdaContext());
    expect(second.statusCode).toBe(409);
    expect(bodyOf(second).error).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    release();
    expect((await first).statusCode).toBe(202);
  });

  it('runs plainly without a key when the key is optional', async () => {
    let executions = 0;
    const handler = httpHandler(
      {
        body: PlaceOrder,
        idempotency: httpIdempotency({ required: false, persistenceStore: memoryIdempotencyStore() }),
      },
      async () => json(202, { n: ++executions }),
    );
    await handler(request({ body: oneLine }), lambdaContext());
    await handler(request({ body: oneLine }), lambdaContext());
    expect(executions).toBe(2);
  });

  it('fails with a 500 naming IDEMPOTENCY_TABLE_NAME in the log when the table is not configured', async () => {
    const handler = httpHandler({ body: PlaceOrder, idempotency: httpIdempotency() }, async () =>
      json(202, {}),
    );
    const response = await handler(request({ key: 'k', body: oneLine }), lambdaContext());
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('IDEMPOTENCY_TABLE_NAME');
    const logged = JSON.stringify(output.logs().find((line) => line.message === 'Unhandled error'));
    expect(logged).toContain('IDEMPOTENCY_TABLE_NAME');
  });
});
