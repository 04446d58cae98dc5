import fc from 'fast-check';
import { z } from 'zod';
import { formatPath, toFieldErrors } from '../../src/http/validation-fields';

describe('validation fields', () => {
  it('formats paths the way clients write them', () => {
    expect(formatPath('body', [])).toBe('body');
    expect(formatPath('body', ['items', 0, 'sku'])).toBe('body.items[0].sku');
    expect(formatPath('query', ['page size'])).toBe('query["page size"]');
  });

  it('gives different fields different names, whatever their keys contain', () => {
    const segment = fc.oneof(fc.nat(), fc.string(), fc.constantFrom('0', 'a.b', 'a-b', '[0]', '"', 'a'));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.array(segment, { maxLength: 5 }), (left, right) => {
        fc.pre(JSON.stringify(left) !== JSON.stringify(right));
        expect(formatPath('body', left)).not.toBe(formatPath('body', right));
      }),
      { numRuns: 2000 },
    );
  });

  it('names each unknown key of a strict object separately', () => {
    const result = z.strictObject({ a: z.string() }).safeParse({ a: 'x', b: 1, c: 2 });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(toFieldErrors('body', result.error.issues)).toEqual([
      { path: 'body.b', message: 'Unknown field' },
      { path: 'body.c', message: 'Unknown field' },
    ]);
  });
});
