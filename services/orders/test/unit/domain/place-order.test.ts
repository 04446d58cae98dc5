import { placeOrder } from '../../../src/domain/place-order';
import { T0, at } from './fixtures';

describe('placeOrder', () => {
  it('creates a PENDING order with a deadline and announces OrderPlaced', () => {
    const { order, events } = placeOrder({
      orderId: 'o-1',
      customerId: 'alice',
      correlationId: 'corr-1',
      request: { items: [{ sku: 'ABC-1', quantity: 3 }] },
      now: T0,
      pendingTimeoutSeconds: 300,
    });

    expect(order).toEqual({
      orderId: 'o-1',
      customerId: 'alice',
      correlationId: 'corr-1',
      items: [{ sku: 'ABC-1', quantity: 3 }],
      status: 'PENDING',
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      version: 1,
      deadline: at(5).toISOString(),
    });
    expect(events).toEqual([
      {
        type: 'OrderPlaced',
        data: {
          orderId: 'o-1',
          customerId: 'alice',
          items: [{ sku: 'ABC-1', quantity: 3 }],
          placedAt: T0.toISOString(),
        },
      },
    ]);
  });
});
