import { findContract } from '@stratus/events';
import type { Order } from '../../../src/domain/order';
import type { OrderEvent } from '../../../src/domain/order-events';
import type { OrderInput } from '../../../src/domain/order-inputs';
import { applyInput } from '../../../src/domain/order-state-machine';
import { placeOrder } from '../../../src/domain/place-order';
import {
  at,
  cancelledWhilePending,
  cancelledWhileReserved,
  confirmed,
  pending,
  RES_1,
  RES_2,
  reserved,
  T0,
} from './fixtures';

const inputs: OrderInput[] = [
  { type: 'InventoryReserved', reservationId: RES_1, expiresAt: at(16).toISOString() },
  { type: 'InventoryReserved', reservationId: RES_2, expiresAt: at(16).toISOString() },
  { type: 'InventoryReservationFailed', reason: 'OUT_OF_STOCK', skus: ['MUG-001'] },
  { type: 'InventoryReservationFailed', reason: 'UNKNOWN_SKU', skus: ['NOPE-404'] },
  { type: 'InventoryReleased', reservationId: RES_1, reason: 'RESERVATION_EXPIRED' },
  { type: 'PaymentApproved', paymentId: 'pay-1' },
  { type: 'PaymentDeclined', declineReason: 'insufficient funds' },
  { type: 'CustomerCancelled' },
  { type: 'DeadlinePassed' },
];
const orders: Order[] = [pending, reserved, confirmed, cancelledWhilePending, cancelledWhileReserved];

function everyEmittedEvent(): OrderEvent[] {
  const events: OrderEvent[] = placeOrder({
    orderId: pending.orderId,
    customerId: 'alice',
    correlationId: 'c',
    request: { items: pending.items },
    now: T0,
    pendingTimeoutSeconds: 60,
  }).events;
  // Before every fixture's deadline and after it: a reservation confirms only before.
  for (const now of [at(2), at(60)]) {
    for (const order of orders) {
      for (const input of inputs) {
        const t = applyInput(order, input, now);
        if (t.outcome !== 'refused') events.push(...t.events);
      }
    }
  }
  return events;
}

describe('events the orders domain emits', () => {
  const events = everyEmittedEvent();

  it('include every kind the orders service publishes', () => {
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['OrderPlaced', 'OrderConfirmed', 'OrderCancelled']),
    );
  });

  it.each(events.map((e) => [`${e.type} ${JSON.stringify(e.data).slice(0, 60)}`, e] as const))(
    'validate against the catalog contract: %s',
    (_name, event) => {
      const contract = findContract('stratus.orders', event.type);
      expect(contract).toBeDefined();
      const result = contract!.data.safeParse(event.data);
      expect(result.error?.issues ?? []).toEqual([]);
    },
  );
});
