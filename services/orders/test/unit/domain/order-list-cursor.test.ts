import fc from 'fast-check';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../../src/domain/order-list-cursor';

describe('order list cursor', () => {
  it('round-trips any position', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.uuid(),
        (date, orderId) => {
          const position = { createdAt: date.toISOString(), orderId };
          expect(decodeCursor(encodeCursor(position))).toEqual(position);
        },
      ),
    );
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['JSON of the wrong shape', Buffer.from('{"pk":"CUSTOMER#bob"}').toString('base64url')],
    ['a bad timestamp', Buffer.from('{"c":"yesterday","o":"x"}').toString('base64url')],
    ['an oversized cursor', 'A'.repeat(600)],
  ])('refuses %s', (_name, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });
});
