import fc from 'fast-check';
import { findCorrelationId, newCorrelationId, resolveCorrelationId } from '../../src';
import { fixture } from '../support/fixtures';

describe('correlation id', () => {
  it('finds it in an HTTP header of any case, an EventBridge event, or parsed event metadata', () => {
    expect(findCorrelationId(fixture('api-gateway-rest-post-order'))).toBe('corr-from-client-1');
    expect(findCorrelationId(fixture('api-gateway-http-v2-post-order'))).toBe('corr-from-client-v2');
    expect(findCorrelationId(fixture('eventbridge-order-placed'))).toBe('corr-order-1');
    expect(findCorrelationId({ metadata: { correlationId: 'from-metadata' } })).toBe('from-metadata');
    expect(findCorrelationId({ headers: { 'X-CoRrElAtIoN-iD': 'mixed' } })).toBe('mixed');
  });

  it('finds nothing in events without one', () => {
    for (const event of [
      undefined,
      null,
      'text',
      42,
      {},
      { headers: null },
      { detail: 'x' },
      fixture('api-gateway-rest-get-order'),
    ]) {
      expect(findCorrelationId(event)).toBeUndefined();
    }
  });

  it('generates a fresh uuid per new flow', () => {
    const ids = new Set(Array.from({ length: 50 }, () => resolveCorrelationId({})));
    expect(ids.size).toBe(50);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('only ever adopts short ids of safe characters, whatever a client sends', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (value) => {
        const adopted = findCorrelationId({ headers: { 'x-correlation-id': value } });
        if (adopted === undefined) return;
        expect(adopted).toBe(value);
        expect(adopted.length).toBeLessThanOrEqual(128);
        expect(adopted).toMatch(/^[A-Za-z0-9._:-]+$/);
      }),
    );
  });

  it('adopts every well-formed id unchanged, uuids included', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/), (value) => {
        expect(resolveCorrelationId({ headers: { 'x-correlation-id': value } })).toBe(value);
      }),
    );
    const uuid = newCorrelationId();
    expect(resolveCorrelationId({ metadata: { correlationId: uuid } })).toBe(uuid);
  });
});
