import fc from 'fast-check';
import { declineReason, NO_DECLINES, parseDeclineRules } from '../../../src/adapters/payments/decline-rules';
import { SimulatedPaymentProvider } from '../../../src/adapters/payments/simulated-payment-provider';
import type { ChargeRequest } from '../../../src/ports/payment-provider';

const request = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
  orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
  customerId: 'alice',
  items: [{ sku: 'MUG-001', quantity: 2 }],
  idempotencyKey: 'charge:0b9d3c1e:5a4f2d1c',
  ...overrides,
});
const rules = parseDeclineRules(
  '{"declineCustomers":["mallory"],"declineSkus":["DECLINE-ME"],"maxUnitsPerOrder":10}',
  'test rules',
);

describe('decline rules', () => {
  it.each<[string, Partial<ChargeRequest>, string | undefined]>([
    ['an ordinary order', {}, undefined],
    ['a declined customer', { customerId: 'mallory' }, 'CARD_DECLINED'],
    [
      'a declined SKU on any line',
      {
        items: [
          { sku: 'MUG-001', quantity: 1 },
          { sku: 'DECLINE-ME', quantity: 1 },
        ],
      },
      'RISK_DECLINED: DECLINE-ME',
    ],
    [
      'more units than allowed',
      {
        items: [
          { sku: 'MUG-001', quantity: 6 },
          { sku: 'CUP-002', quantity: 5 },
        ],
      },
      'LIMIT_EXCEEDED',
    ],
    ['exactly the limit', { items: [{ sku: 'MUG-001', quantity: 10 }] }, undefined],
  ])('%s -> %s', (_name, overrides, expected) => {
    expect(declineReason(rules, request(overrides))).toBe(expected);
  });

  it('declines nothing without rules', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 100 }), (customerId, quantity) => {
        expect(
          declineReason(NO_DECLINES, request({ customerId, items: [{ sku: 'MUG-001', quantity }] })),
        ).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it('fills defaults and refuses what is not a rule set, naming where it came from', () => {
    expect(parseDeclineRules('{}', 'p')).toEqual({ declineCustomers: [], declineSkus: [] });
    expect(() => parseDeclineRules('nope', 'SSM parameter /x')).toThrow(/SSM parameter \/x is not JSON/);
    expect(() => parseDeclineRules('{"declineSkus":"A"}', 'p')).toThrow(/declineSkus/);
    expect(() => parseDeclineRules('{"approveAll":true}', 'p')).toThrow(/not a decline rule set/);
  });
});

describe('SimulatedPaymentProvider', () => {
  const provider = (credentials = async () => ({ merchantId: 'm', apiKey: 'k'.repeat(16) })) =>
    new SimulatedPaymentProvider({ credentials, declineRules: async () => rules });

  it('gives the same payment id for the same idempotency key, and another for another key', async () => {
    const first = await provider().charge(request());
    const again = await provider().charge(request());
    const other = await provider().charge(request({ idempotencyKey: 'charge:other' }));
    expect(first).toEqual({ outcome: 'approved', paymentId: expect.stringMatching(/^simpay_[0-9a-f]{24}$/) });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('declines by the rules', async () => {
    expect(await provider().charge(request({ customerId: 'mallory' }))).toEqual({
      outcome: 'declined',
      declineReason: 'CARD_DECLINED',
    });
  });

  it('cannot charge or refund without its credentials', async () => {
    const missing = provider(async () => {
      throw new Error('Secret stratus/dev/orders/payment-provider not found');
    });
    await expect(missing.charge(request())).rejects.toThrow(/not found/);
    await expect(missing.refund({ orderId: 'o', paymentId: 'p', idempotencyKey: 'k' })).rejects.toThrow(
      /not found/,
    );
  });
});
