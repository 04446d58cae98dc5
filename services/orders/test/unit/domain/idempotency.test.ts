import fc from 'fast-check';
import {
  canonicalJson,
  decideIdempotency,
  IdempotencyKey,
  requestFingerprint,
  type IdempotencyRecord,
} from '../../../src/domain/idempotency';
import { T0, at } from './fixtures';

const body = { items: [{ sku: 'ABC-1', quantity: 2 }] };
const record: IdempotencyRecord = {
  customerId: 'alice',
  key: 'key-00000001',
  requestHash: requestFingerprint(body),
  orderId: 'o-1',
  response: { statusCode: 202, body: { orderId: 'o-1', status: 'PENDING' } },
  createdAt: T0.toISOString(),
  expiresAt: at(24 * 60).toISOString(),
};

describe('decideIdempotency', () => {
  it('executes a key never seen', () => {
    expect(decideIdempotency(undefined, { customerId: 'alice', requestHash: 'x' }, T0)).toEqual({
      action: 'execute',
    });
  });

  it('replays the first response for the same key and body', () => {
    const decision = decideIdempotency(
      record,
      { customerId: 'alice', requestHash: requestFingerprint(body) },
      at(1),
    );
    expect(decision).toEqual({ action: 'replay', response: record.response });
  });

  it('refuses the same key with another body', () => {
    const other = requestFingerprint({ items: [{ sku: 'ABC-1', quantity: 3 }] });
    expect(decideIdempotency(record, { customerId: 'alice', requestHash: other }, at(1))).toEqual({
      action: 'reject',
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'this Idempotency-Key was already used with a different request body',
    });
  });

  it('executes again once the record has expired, even with another body', () => {
    expect(decideIdempotency(record, { customerId: 'alice', requestHash: 'other' }, at(24 * 60))).toEqual({
      action: 'execute',
    });
  });

  it('refuses to compare a record that belongs to another customer', () => {
    expect(() =>
      decideIdempotency(record, { customerId: 'mallory', requestHash: record.requestHash }, at(1)),
    ).toThrow(/scoped per customer/);
  });
});

describe('requestFingerprint', () => {
  it('ignores key order and whitespace but not values or line order', () => {
    const a = JSON.parse('{"items":[{"sku":"A-1","quantity":1},{"quantity":2,"sku":"B-2"}]}');
    const b = JSON.parse('{ "items" : [ {"quantity":1, "sku":"A-1"}, {"sku":"B-2","quantity":2} ] }');
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
    expect(requestFingerprint(a)).not.toBe(requestFingerprint({ items: [a.items[1], a.items[0]] }));
    expect(requestFingerprint(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('canonical JSON parses back to the same value for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('is the same for any permutation of object keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(requestFingerprint(reversed)).toBe(requestFingerprint(object));
      }),
    );
  });
});

describe('Idempotency-Key header', () => {
  it.each(['8c0f6f8e-5a55-4a8e-9d3a-1f2b3c4d5e6f', '01HZX3ABCDEF', 'client:order.42'])(
    'accepts %s',
    (key) => {
      expect(IdempotencyKey.safeParse(key).success).toBe(true);
    },
  );
  it.each(['', 'short', 'has space 123', 'x'.repeat(129), 'slash/key/123'])('refuses %j', (key) => {
    expect(IdempotencyKey.safeParse(key).success).toBe(false);
  });
});
