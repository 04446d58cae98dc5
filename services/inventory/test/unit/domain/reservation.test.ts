import {
  onHoldExpiry,
  onOrderCancelled,
  onOrderConfirmed,
  onOrderPlaced,
  type Reservation,
} from '../../../src/domain/reservation';

const lines = [{ sku: 'HOT-001', quantity: 2, takes: [{ shard: 1, quantity: 2 }] }];
const held: Reservation = {
  status: 'HELD',
  orderId: 'o-1',
  reservationId: 'r-1',
  lines,
  reservedAt: '2026-11-27T10:00:00.000Z',
  expiresAt: '2026-11-27T10:15:00.000Z',
};
const committed: Reservation = { ...held, status: 'COMMITTED', committedAt: '2026-11-27T10:01:00.000Z' };
const released: Reservation = {
  status: 'RELEASED',
  orderId: 'o-1',
  reservationId: 'r-1',
  lines,
  releasedAt: '2026-11-27T10:02:00.000Z',
  releaseReason: 'ORDER_CANCELLED',
};
const rejected: Reservation = {
  status: 'REJECTED',
  orderId: 'o-1',
  reason: 'OUT_OF_STOCK',
  shortfalls: [{ sku: 'HOT-001', requested: 2, available: 1, reason: 'OUT_OF_STOCK' }],
  rejectedAt: '2026-11-27T10:00:00.000Z',
};

describe.each([
  ['nothing yet', undefined, 'reserve', 'record-tombstone', 'refuse:NOT_RESERVED'],
  ['HELD', held, 'announce-reserved', 'release', 'commit'],
  ['COMMITTED', committed, 'announce-reserved', 'refuse:ALREADY_COMMITTED', 'ignore:ALREADY_COMMITTED'],
  ['RELEASED', released, 'ignore:ALREADY_RELEASED', 'ignore:ALREADY_RELEASED', 'refuse:ALREADY_RELEASED'],
  ['REJECTED', rejected, 'announce-rejected', 'ignore:NOTHING_RESERVED', 'refuse:WAS_REJECTED'],
] as const)('a reservation record that is %s', (_name, record, placed, cancelled, confirmed) => {
  const label = (d: { action: string; because?: string }) =>
    d.because ? `${d.action}:${d.because}` : d.action;

  it(`on OrderPlaced: ${placed}`, () => expect(label(onOrderPlaced(record))).toBe(placed));
  it(`on OrderCancelled: ${cancelled}`, () => expect(label(onOrderCancelled(record))).toBe(cancelled));
  it(`on OrderConfirmed: ${confirmed}`, () => expect(label(onOrderConfirmed(record))).toBe(confirmed));
});

describe('onHoldExpiry', () => {
  it('releases a hold once its expiry plus the grace period has passed', () => {
    expect(onHoldExpiry(held, new Date('2026-11-27T10:15:59.999Z'), 60)).toEqual({ action: 'ignore' });
    expect(onHoldExpiry(held, new Date('2026-11-27T10:16:00.000Z'), 60)).toEqual({
      action: 'release',
      reservation: held,
    });
  });

  it.each([undefined, committed, released, rejected])('leaves anything but a hold alone', (record) => {
    expect(onHoldExpiry(record, new Date('2030-01-01T00:00:00.000Z'), 0)).toEqual({ action: 'ignore' });
  });
});
