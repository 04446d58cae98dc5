import { placeOrderHandler } from '../../../src/handlers/place-order';
import { isOutboxCommand } from '../../../src/ports/outbox-event';
import { ALICE, BOB, call, OPS, restEvent, type ErrorBody, type HttpHandler } from '../../support/http';
import { testDependencies, testSettings, type TestDependencies } from '../../support/test-dependencies';

let deps: TestDependencies;
let handler: HttpHandler;

beforeEach(() => {
  deps = testDependencies();
  handler = placeOrderHandler(
    () => deps,
    () => testSettings,
  ) as unknown as HttpHandler;
});

const post = (changes: Parameters<typeof restEvent>[1] = {}) =>
  call(handler, restEvent('post-orders', changes));
const postError = (changes: Parameters<typeof restEvent>[1] = {}) =>
  call<ErrorBody>(handler, restEvent('post-orders', changes));

describe('POST /orders', () => {
  it('accepts an order: 202 {orderId, status PENDING}, stored with its OrderPlaced', async () => {
    const answer = await post();
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ orderId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'PENDING' });
    const orderId = answer.body.orderId as string;
    expect(await deps.store.get(orderId)).toMatchObject({
      status: 'PENDING',
      customerId: 'alice',
      contactEmail: 'alice@example.com',
      correlationId: 'corr-post-orders-1',
      items: [
        { sku: 'TSHIRT-RED-XL', quantity: 2 },
        { sku: 'MUG-001', quantity: 1 },
      ],
      deadline: '2026-11-27T09:20:00.000Z',
    });
    const entries = deps.store.entriesOf(orderId);
    expect(entries).toHaveLength(1);
    expect(isOutboxCommand(entries[0]!)).toBe(false);
    expect(entries[0]).toMatchObject({ event: { type: 'OrderPlaced' }, correlationId: 'corr-post-orders-1' });
  });

  it('answers the same key and body with the first response again, marked as a replay', async () => {
    const first = await post();
    const again = await post({
      body: '{ "items": [ {"quantity":2, "sku":"TSHIRT-RED-XL"}, {"sku":"MUG-001","quantity":1} ] }',
    });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['Idempotent-Replayed']).toBe('true');
    expect(deps.store.orders.size).toBe(1);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED, nothing stored', async () => {
    await post();
    const answer = await postError({ body: { items: [{ sku: 'MUG-001', quantity: 3 }] } });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(deps.store.orders.size).toBe(1);
  });

  it('scopes keys per customer: the same key from another customer is a new order', async () => {
    const alice = await post();
    const bob = await post({ caller: BOB });
    expect(bob.status).toBe(202);
    expect(bob.body.orderId).not.toBe(alice.body.orderId);
  });

  it('requires the Idempotency-Key header, naming it: 400', async () => {
    const answer = await postError({ headers: { 'Idempotency-Key': undefined } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.fields).toEqual([
      {
        path: 'headers.Idempotency-Key',
        message: expect.stringMatching(/^Required: send an Idempotency-Key header/),
      },
    ]);
    expect(deps.store.orders.size).toBe(0);
  });

  it.each(['short', 'has spaces in it', 'x'.repeat(129), 'semi;colon-key'])(
    'refuses the Idempotency-Key %j: 400',
    async (key) => {
      const answer = await postError({ headers: { 'Idempotency-Key': key } });
      expect(answer.status).toBe(400);
      expect(answer.body.error.fields?.[0]?.path).toBe('headers.Idempotency-Key');
    },
  );

  it.each<[string, unknown, { path: string; message: RegExp }[]]>([
    ['an empty order', { items: [] }, [{ path: 'body.items', message: /Too small/ }]],
    ['a missing items field', {}, [{ path: 'body.items', message: /Required/ }]],
    [
      'an unknown field',
      { items: [{ sku: 'MUG-001', quantity: 1 }], coupon: 'FREE' },
      [{ path: 'body.coupon', message: /Unknown field/ }],
    ],
    [
      'a quantity of 0',
      { items: [{ sku: 'MUG-001', quantity: 0 }] },
      [{ path: 'body.items[0].quantity', message: /Too small/ }],
    ],
    [
      'a quantity of 101',
      { items: [{ sku: 'MUG-001', quantity: 101 }] },
      [{ path: 'body.items[0].quantity', message: /Too big/ }],
    ],
    [
      'a fractional quantity',
      { items: [{ sku: 'MUG-001', quantity: 1.5 }] },
      [{ path: 'body.items[0].quantity', message: /expected int/ }],
    ],
    [
      'a quantity as a string',
      { items: [{ sku: 'MUG-001', quantity: '1' }] },
      [{ path: 'body.items[0].quantity', message: /expected number/ }],
    ],
    [
      'a lower-case SKU',
      { items: [{ sku: 'mug-001', quantity: 1 }] },
      [{ path: 'body.items[0].sku', message: /must be a SKU/ }],
    ],
    [
      '51 lines',
      {
        items: Array.from({ length: 51 }, (_, i) => ({
          sku: `SKU${String(i).padStart(3, '0')}`,
          quantity: 1,
        })),
      },
      [{ path: 'body.items', message: /Too big/ }],
    ],
    [
      'the same SKU twice',
      {
        items: [
          { sku: 'MUG-001', quantity: 1 },
          { sku: 'MUG-001', quantity: 2 },
        ],
      },
      [{ path: 'body.items[1].sku', message: /duplicate SKU MUG-001/ }],
    ],
    ['items that are not a list', { items: 'MUG-001' }, [{ path: 'body.items', message: /expected array/ }]],
  ])('refuses %s: 400 VALIDATION_FAILED naming the field', async (_name, body, fields) => {
    const answer = await postError({ body });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.fields).toEqual(
      fields.map((field) => ({ path: field.path, message: expect.stringMatching(field.message) })),
    );
    expect(deps.store.orders.size).toBe(0);
  });

  it('refuses malformed JSON: 400 INVALID_JSON', async () => {
    const answer = await postError({ body: '{"items":[' });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
  });

  it('refuses a body over 16 KB: 413, before parsing it', async () => {
    const answer = await postError({ body: `{"items":[],"pad":"${'x'.repeat(17_000)}"}` });
    expect(answer).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('refuses a body that is not JSON: 415', async () => {
    const answer = await postError({ headers: { 'Content-Type': 'text/plain' } });
    expect(answer).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
  });

  it('answers 401 without an authenticated caller and 403 for an admin', async () => {
    expect((await postError({ caller: null })).body.error.code).toBe('UNAUTHORIZED');
    expect((await postError({ caller: null })).status).toBe(401);
    const admin = await postError({ caller: OPS });
    expect(admin).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(deps.store.orders.size).toBe(0);
  });

  it('accepts an unknown (well-formed) SKU: only inventory knows SKUs, and the saga cancels it', async () => {
    const answer = await post({ body: { items: [{ sku: 'NEVER-STOCKED', quantity: 1 }] } });
    expect(answer.status).toBe(202);
  });

  it('stores no address when the token had none', async () => {
    const answer = await post({ caller: ALICE });
    expect((await deps.store.get(answer.body.orderId as string))?.contactEmail).toBeUndefined();
  });
});
