import { canCancel, canRead } from '../../../src/domain/order-access';
import { toOrderView } from '../../../src/domain/order-view';
import { cancelledWhileReserved, confirmed, pending, reserved } from './fixtures';

describe('who may see and cancel an order', () => {
  it.each([
    [{ subject: 'alice', role: 'customer' as const }, true, true],
    [{ subject: 'bob', role: 'customer' as const }, false, false],
    [{ subject: 'ops', role: 'admin' as const }, true, false],
  ])('%j reads: %s, cancels: %s', (principal, reads, cancels) => {
    expect(canRead(pending, principal)).toBe(reads);
    expect(canCancel(pending, principal)).toBe(cancels);
  });
});

describe('toOrderView', () => {
  it('shows a pending order without internals', () => {
    expect(toOrderView(pending)).toEqual({
      orderId: pending.orderId,
      status: 'PENDING',
      items: pending.items,
      createdAt: pending.createdAt,
      updatedAt: pending.updatedAt,
    });
  });

  it('shows reservation and confirmation times', () => {
    expect(toOrderView(reserved)).toMatchObject({ status: 'RESERVED', reservedAt: reserved.reservedAt });
    expect(toOrderView(confirmed)).toMatchObject({
      confirmedAt: confirmed.confirmedAt,
      reservedAt: confirmed.reservedAt,
    });
  });

  it('shows when and why an order was cancelled', () => {
    expect(toOrderView(cancelledWhileReserved)).toEqual({
      orderId: pending.orderId,
      status: 'CANCELLED',
      items: pending.items,
      createdAt: pending.createdAt,
      updatedAt: cancelledWhileReserved.updatedAt,
      reservedAt: cancelledWhileReserved.reservedAt,
      cancelledAt: cancelledWhileReserved.cancellation.at,
      cancellationReason: 'PAYMENT_DECLINED',
    });
  });

  it.each([pending, reserved, confirmed, cancelledWhileReserved])(
    'never leaks version or correlation id',
    (order) => {
      const view = toOrderView(order);
      expect(view).not.toHaveProperty('version');
      expect(view).not.toHaveProperty('correlationId');
      expect(view).not.toHaveProperty('customerId');
    },
  );
});
