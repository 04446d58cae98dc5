import { validatePlaceOrderRequest } from '../../../src/domain/place-order-request';

const line = (sku: string, quantity = 1) => ({ sku, quantity });
const skus = (n: number) => Array.from({ length: n }, (_, i) => line(`SKU-${String(i).padStart(3, '0')}`));

describe('POST /orders body', () => {
  it.each([
    ['one line', { items: [line('TSHIRT-RED-XL', 2)] }],
    ['50 lines', { items: skus(50) }],
    ['quantity 1 and 100', { items: [line('ABC-1', 1), line('ABC-2', 100)] }],
    ['a SKU with three variant parts', { items: [line('ABC123456789-A-B-C')] }],
  ])('accepts %s', (_name, body) => {
    expect(validatePlaceOrderRequest(body)).toEqual({ ok: true, value: body });
  });

  it.each([
    ['no body', undefined, ''],
    ['an array', [], ''],
    ['no items field', {}, 'items'],
    ['empty items', { items: [] }, 'items'],
    ['51 lines', { items: skus(51) }, 'items'],
    ['quantity 0', { items: [line('ABC-1', 0)] }, 'items.0.quantity'],
    ['quantity 101', { items: [line('ABC-1', 101)] }, 'items.0.quantity'],
    ['a fractional quantity', { items: [line('ABC-1', 1.5)] }, 'items.0.quantity'],
    ['a quantity given as a string', { items: [{ sku: 'ABC-1', quantity: '2' }] }, 'items.0.quantity'],
    ['a lower-case SKU', { items: [line('abc-1')] }, 'items.0.sku'],
    ['a SKU with a short stem', { items: [line('AB-1')] }, 'items.0.sku'],
    ['a SKU with four variant parts', { items: [line('ABC-A-B-C-D')] }, 'items.0.sku'],
    ['a SKU with a trailing dash', { items: [line('ABC-')] }, 'items.0.sku'],
    ['a missing SKU', { items: [{ quantity: 1 }] }, 'items.0.sku'],
    ['an extra field on a line', { items: [{ ...line('ABC-1'), price: 3 }] }, 'items.0'],
    ['an extra top-level field', { items: [line('ABC-1')], coupon: 'FREE' }, ''],
    ['the same SKU twice', { items: [line('ABC-1'), line('XYZ-2'), line('ABC-1', 4)] }, 'items.2.sku'],
  ])('refuses %s, naming %j', (_name, body, path) => {
    const result = validatePlaceOrderRequest(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toContain(path);
  });

  it('says which line a duplicate SKU repeats', () => {
    const result = validatePlaceOrderRequest({ items: [line('ABC-1'), line('ABC-1')] });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'items.1.sku',
          message: 'duplicate SKU ABC-1 (already in line 0); put the whole quantity in one line',
        },
      ],
    });
  });
});
