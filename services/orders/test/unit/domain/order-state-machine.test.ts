import fc from 'fast-check';
import { isTerminal, ORDER_STATUSES, type Order } from '../../../src/domain/order';
import { ORDER_INPUT_TYPES, type OrderInput } from '../../../src/domain/order-inputs';
import { applyInput } from '../../../src/domain/order-state-machine';
import type { Transition } from '../../../src/domain/order-transition';
import {
  at,
  RES_1,
  RES_2,
  cancelledOutOfStock,
  cancelledWhilePending,
  cancelledWhileReserved,
  confirmed,
  pending,
  reserved,
} from './fixtures';

const inputs = {
  reserved: { type: 'InventoryReserved', reservationId: RES_1, expiresAt: at(16).toISOString() },
  outOfStock: { type: 'InventoryReservationFailed', reason: 'OUT_OF_STOCK', skus: ['MUG-001'] },
  unknownSku: { type: 'InventoryReservationFailed', reason: 'UNKNOWN_SKU', skus: ['NOPE-1'] },
  releasedExpired: { type: 'InventoryReleased', reservationId: RES_1, reason: 'RESERVATION_EXPIRED' },
  releasedEcho: { type: 'InventoryReleased', reservationId: RES_1, reason: 'ORDER_CANCELLED' },
  approved: { type: 'PaymentApproved', paymentId: 'pay-1' },
  approvedOther: { type: 'PaymentApproved', paymentId: 'pay-2' },
  declined: { type: 'PaymentDeclined', declineReason: 'insufficient funds' },
  customerCancel: { type: 'CustomerCancelled' },
  deadline: { type: 'DeadlinePassed' },
} satisfies Record<string, OrderInput>;

/** Late enough that every fixture's deadline has passed. */
const LATER = at(60);
/** Early enough that no fixture's deadline has passed (pending: at(5), reserved: at(16)). */
const EARLIER = at(2);

interface Expected {
  outcome: Transition['outcome'];
  status: Order['status'];
  /** Cancellation reason (applied cancellations) / ignore reason / refusal code. */
  reason?: string;
  events?: string[];
  commands?: string[];
}

type Row = [name: string, order: Order, input: OrderInput, now: Date, expected: Expected];

const ofState: Record<string, Order> = {
  PENDING: pending,
  RESERVED: reserved,
  CONFIRMED: confirmed,
  CANCELLED: cancelledWhilePending,
};

// Every state x every input, once the order's deadline has passed (LATER). Rows are
// [state, input, expected].
const grid: [keyof typeof ofState, OrderInput, Expected][] = [
  ['PENDING', inputs.reserved, { outcome: 'applied', status: 'RESERVED', commands: ['RequestPayment'] }],
  [
    'PENDING',
    inputs.outOfStock,
    { outcome: 'applied', status: 'CANCELLED', reason: 'OUT_OF_STOCK', events: ['OrderCancelled'] },
  ],
  [
    'PENDING',
    inputs.releasedExpired,
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  ['PENDING', inputs.approved, { outcome: 'refused', status: 'PENDING', reason: 'INVALID_TRANSITION' }],
  ['PENDING', inputs.declined, { outcome: 'refused', status: 'PENDING', reason: 'INVALID_TRANSITION' }],
  [
    'PENDING',
    inputs.customerCancel,
    { outcome: 'applied', status: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER', events: ['OrderCancelled'] },
  ],
  [
    'PENDING',
    inputs.deadline,
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],

  ['RESERVED', inputs.reserved, { outcome: 'ignored', status: 'RESERVED', reason: 'DUPLICATE' }],
  ['RESERVED', inputs.outOfStock, { outcome: 'ignored', status: 'RESERVED', reason: 'SUPERSEDED' }],
  [
    'RESERVED',
    inputs.releasedExpired,
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  // Past inventory's expiresAt the hold may be gone: a payment can no longer confirm the order.
  [
    'RESERVED',
    inputs.approved,
    {
      outcome: 'applied',
      status: 'CANCELLED',
      reason: 'RESERVATION_EXPIRED',
      events: ['OrderCancelled'],
      commands: ['RefundPayment'],
    },
  ],
  [
    'RESERVED',
    inputs.declined,
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  [
    'RESERVED',
    inputs.customerCancel,
    { outcome: 'applied', status: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER', events: ['OrderCancelled'] },
  ],
  [
    'RESERVED',
    inputs.deadline,
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],

  ['CONFIRMED', inputs.reserved, { outcome: 'ignored', status: 'CONFIRMED', reason: 'DUPLICATE' }],
  ['CONFIRMED', inputs.outOfStock, { outcome: 'ignored', status: 'CONFIRMED', reason: 'SUPERSEDED' }],
  ['CONFIRMED', inputs.releasedExpired, { outcome: 'ignored', status: 'CONFIRMED', reason: 'INCONSISTENT' }],
  ['CONFIRMED', inputs.approved, { outcome: 'ignored', status: 'CONFIRMED', reason: 'DUPLICATE' }],
  ['CONFIRMED', inputs.declined, { outcome: 'ignored', status: 'CONFIRMED', reason: 'SUPERSEDED' }],
  [
    'CONFIRMED',
    inputs.customerCancel,
    { outcome: 'refused', status: 'CONFIRMED', reason: 'ORDER_ALREADY_CONFIRMED' },
  ],
  ['CONFIRMED', inputs.deadline, { outcome: 'ignored', status: 'CONFIRMED', reason: 'ALREADY_TERMINAL' }],

  [
    'CANCELLED',
    inputs.reserved,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL', events: ['OrderCancelled'] },
  ],
  ['CANCELLED', inputs.outOfStock, { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL' }],
  ['CANCELLED', inputs.releasedExpired, { outcome: 'ignored', status: 'CANCELLED', reason: 'DUPLICATE' }],
  [
    'CANCELLED',
    inputs.approved,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL', commands: ['RefundPayment'] },
  ],
  ['CANCELLED', inputs.declined, { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL' }],
  ['CANCELLED', inputs.customerCancel, { outcome: 'ignored', status: 'CANCELLED', reason: 'DUPLICATE' }],
  ['CANCELLED', inputs.deadline, { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL' }],
];

// Every open state x every input while its deadline is still ahead (EARLIER): only the inputs
// that look at the clock answer differently from the grid above.
const openStates = ['PENDING', 'RESERVED'] as const;
const gridBeforeDeadline: [(typeof openStates)[number], OrderInput, Expected][] = [
  ['PENDING', inputs.reserved, { outcome: 'applied', status: 'RESERVED', commands: ['RequestPayment'] }],
  [
    'PENDING',
    inputs.outOfStock,
    { outcome: 'applied', status: 'CANCELLED', reason: 'OUT_OF_STOCK', events: ['OrderCancelled'] },
  ],
  [
    'PENDING',
    inputs.releasedExpired,
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  ['PENDING', inputs.approved, { outcome: 'refused', status: 'PENDING', reason: 'INVALID_TRANSITION' }],
  ['PENDING', inputs.declined, { outcome: 'refused', status: 'PENDING', reason: 'INVALID_TRANSITION' }],
  [
    'PENDING',
    inputs.customerCancel,
    { outcome: 'applied', status: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER', events: ['OrderCancelled'] },
  ],
  ['PENDING', inputs.deadline, { outcome: 'refused', status: 'PENDING', reason: 'DEADLINE_NOT_REACHED' }],

  ['RESERVED', inputs.reserved, { outcome: 'ignored', status: 'RESERVED', reason: 'DUPLICATE' }],
  ['RESERVED', inputs.outOfStock, { outcome: 'ignored', status: 'RESERVED', reason: 'SUPERSEDED' }],
  [
    'RESERVED',
    inputs.releasedExpired,
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  [
    'RESERVED',
    inputs.approved,
    { outcome: 'applied', status: 'CONFIRMED', events: ['OrderConfirmed'], commands: ['NotifyShipping'] },
  ],
  [
    'RESERVED',
    inputs.declined,
    { outcome: 'applied', status: 'CANCELLED', reason: 'PAYMENT_DECLINED', events: ['OrderCancelled'] },
  ],
  [
    'RESERVED',
    inputs.customerCancel,
    { outcome: 'applied', status: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER', events: ['OrderCancelled'] },
  ],
  ['RESERVED', inputs.deadline, { outcome: 'refused', status: 'RESERVED', reason: 'DEADLINE_NOT_REACHED' }],
];

// Cases the grids' fixtures do not reach: other cancellation reasons, other ids, the boundaries.
const variants: Row[] = [
  [
    'PENDING + reservation failed for an unknown SKU',
    pending,
    inputs.unknownSku,
    LATER,
    { outcome: 'applied', status: 'CANCELLED', reason: 'UNKNOWN_SKU', events: ['OrderCancelled'] },
  ],
  [
    'PENDING + deadline a millisecond ahead',
    pending,
    inputs.deadline,
    new Date(at(5).getTime() - 1),
    { outcome: 'refused', status: 'PENDING', reason: 'DEADLINE_NOT_REACHED' },
  ],
  [
    'PENDING + deadline exactly now',
    pending,
    inputs.deadline,
    at(5),
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  [
    'RESERVED + deadline exactly now',
    reserved,
    inputs.deadline,
    at(16),
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  [
    'RESERVED + payment approved a millisecond before expiresAt',
    reserved,
    inputs.approved,
    new Date(at(16).getTime() - 1),
    { outcome: 'applied', status: 'CONFIRMED', events: ['OrderConfirmed'], commands: ['NotifyShipping'] },
  ],
  [
    'RESERVED + payment approved exactly at expiresAt',
    reserved,
    inputs.approved,
    at(16),
    {
      outcome: 'applied',
      status: 'CANCELLED',
      reason: 'RESERVATION_EXPIRED',
      events: ['OrderCancelled'],
      commands: ['RefundPayment'],
    },
  ],
  [
    'RESERVED + payment declined exactly at expiresAt',
    reserved,
    inputs.declined,
    at(16),
    { outcome: 'applied', status: 'CANCELLED', reason: 'RESERVATION_EXPIRED', events: ['OrderCancelled'] },
  ],
  [
    'PENDING + release echo',
    pending,
    inputs.releasedEcho,
    LATER,
    { outcome: 'ignored', status: 'PENDING', reason: 'SUPERSEDED' },
  ],
  [
    'RESERVED + release echo',
    reserved,
    inputs.releasedEcho,
    LATER,
    { outcome: 'ignored', status: 'RESERVED', reason: 'SUPERSEDED' },
  ],
  [
    'RESERVED + unknown SKU',
    reserved,
    inputs.unknownSku,
    LATER,
    { outcome: 'ignored', status: 'RESERVED', reason: 'SUPERSEDED' },
  ],
  [
    'CONFIRMED + a second, different payment',
    confirmed,
    inputs.approvedOther,
    LATER,
    { outcome: 'ignored', status: 'CONFIRMED', reason: 'SUPERSEDED', commands: ['RefundPayment'] },
  ],
  [
    'CONFIRMED + release echo',
    confirmed,
    inputs.releasedEcho,
    LATER,
    { outcome: 'ignored', status: 'CONFIRMED', reason: 'INCONSISTENT' },
  ],
  [
    'CANCELLED (holding RES_1) + InventoryReserved RES_1 again',
    cancelledWhileReserved,
    inputs.reserved,
    LATER,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'DUPLICATE' },
  ],
  [
    'CANCELLED (holding RES_1) + another reservation',
    cancelledWhileReserved,
    { type: 'InventoryReserved', reservationId: RES_2, expiresAt: at(20).toISOString() },
    LATER,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL', events: ['OrderCancelled'] },
  ],
  [
    'CANCELLED(OUT_OF_STOCK) + OUT_OF_STOCK again',
    cancelledOutOfStock,
    inputs.outOfStock,
    LATER,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'DUPLICATE' },
  ],
  [
    'CANCELLED(OUT_OF_STOCK) + UNKNOWN_SKU',
    cancelledOutOfStock,
    inputs.unknownSku,
    LATER,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL' },
  ],
  [
    'CANCELLED(PAYMENT_DECLINED) + declined again',
    cancelledWhileReserved,
    inputs.declined,
    LATER,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'DUPLICATE' },
  ],
  [
    'CANCELLED(PAYMENT_DECLINED) + customer cancel',
    cancelledWhileReserved,
    inputs.customerCancel,
    LATER,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'ALREADY_TERMINAL' },
  ],
  [
    'CANCELLED + release echo',
    cancelledWhileReserved,
    inputs.releasedEcho,
    LATER,
    { outcome: 'ignored', status: 'CANCELLED', reason: 'DUPLICATE' },
  ],
];

const rows: Row[] = [
  ...grid.map(([state, input, expected]): Row => [
    `${state} + ${input.type}`,
    ofState[state]!,
    input,
    LATER,
    expected,
  ]),
  ...gridBeforeDeadline.map(([state, input, expected]): Row => [
    `${state} + ${input.type} before the deadline`,
    ofState[state]!,
    input,
    EARLIER,
    expected,
  ]),
  ...variants,
];

function reasonOf(transition: Transition): string | undefined {
  switch (transition.outcome) {
    case 'applied':
      return transition.order.status === 'CANCELLED' ? transition.order.cancellation.reason : undefined;
    case 'ignored':
      return transition.because;
    case 'refused':
      return transition.refusal.code;
  }
}

describe('order state machine', () => {
  it('has a row for every state and every input', () => {
    const covered = new Set(grid.map(([state, input]) => `${state}/${input.type}`));
    for (const status of ORDER_STATUSES) {
      for (const type of ORDER_INPUT_TYPES) expect(covered).toContain(`${status}/${type}`);
    }
    expect(covered.size).toBe(ORDER_STATUSES.length * ORDER_INPUT_TYPES.length);
  });

  it('has a row for every open state and every input before the deadline too', () => {
    const covered = new Set(gridBeforeDeadline.map(([state, input]) => `${state}/${input.type}`));
    for (const status of openStates) {
      for (const type of ORDER_INPUT_TYPES) expect(covered).toContain(`${status}/${type}`);
    }
    expect(covered.size).toBe(openStates.length * ORDER_INPUT_TYPES.length);
    // The fixtures' deadlines are really on either side of the two clocks.
    for (const order of [pending, reserved]) {
      expect(Date.parse(order.deadline)).toBeGreaterThan(EARLIER.getTime());
      expect(Date.parse(order.deadline)).toBeLessThanOrEqual(LATER.getTime());
    }
  });

  it.each(rows)('%s', (_name, order, input, now, expected) => {
    const transition = applyInput(order, input, now);

    expect(transition.outcome).toBe(expected.outcome);
    expect(transition.order.status).toBe(expected.status);
    expect(reasonOf(transition)).toBe(expected.reason);
    const events = transition.outcome === 'refused' ? [] : transition.events.map((e) => e.type);
    const commands = transition.outcome === 'refused' ? [] : transition.commands.map((c) => c.type);
    expect(events).toEqual(expected.events ?? []);
    expect(commands).toEqual(expected.commands ?? []);

    if (transition.outcome === 'applied') {
      expect(transition.order.version).toBe(order.version + 1);
      expect(transition.order.updatedAt).toBe(now.toISOString());
      expect(transition.order.createdAt).toBe(order.createdAt);
      expect(transition.order.items).toEqual(order.items);
    } else {
      // Ignored and refused inputs never touch the order.
      expect(transition.order).toBe(order);
    }
  });
});

describe('transition details', () => {
  it('reserving takes the deadline from the reservation and asks for payment', () => {
    const t = applyInput(pending, inputs.reserved, at(1));
    expect(t.outcome).toBe('applied');
    expect(t.order).toMatchObject({
      status: 'RESERVED',
      reservationId: RES_1,
      reservedAt: at(1).toISOString(),
      deadline: at(16).toISOString(),
    });
    expect(t.outcome !== 'refused' && t.commands).toEqual([
      {
        type: 'RequestPayment',
        orderId: pending.orderId,
        customerId: 'alice',
        reservationId: RES_1,
        items: pending.items,
      },
    ]);
  });

  it('confirming queues the shipping notification, to the address the order was placed with', () => {
    const t = applyInput({ ...reserved, contactEmail: 'alice@example.com' }, inputs.approved, at(2));
    expect(t.outcome !== 'refused' && t.commands).toEqual([
      {
        type: 'NotifyShipping',
        orderId: reserved.orderId,
        customerId: 'alice',
        contactEmail: 'alice@example.com',
        items: reserved.items,
        confirmedAt: at(2).toISOString(),
      },
    ]);
    expect(t.order.contactEmail).toBe('alice@example.com');
    const withoutAddress = applyInput(reserved, inputs.approved, at(2));
    expect(withoutAddress.outcome !== 'refused' && withoutAddress.commands[0]).not.toHaveProperty(
      'contactEmail',
    );
  });

  it('confirming announces OrderConfirmed with the payment and reservation', () => {
    const t = applyInput(reserved, inputs.approved, at(2));
    expect(t.outcome !== 'refused' && t.events).toEqual([
      {
        type: 'OrderConfirmed',
        data: {
          orderId: reserved.orderId,
          customerId: 'alice',
          reservationId: RES_1,
          items: reserved.items,
          confirmedAt: at(2).toISOString(),
        },
      },
    ]);
    expect(t.order).toMatchObject({
      status: 'CONFIRMED',
      paymentId: 'pay-1',
      confirmedAt: at(2).toISOString(),
    });
  });

  it('cancelling a reserved order names the reservation so inventory releases it', () => {
    const t = applyInput(reserved, inputs.customerCancel, at(3));
    expect(t.outcome !== 'refused' && t.events).toEqual([
      {
        type: 'OrderCancelled',
        data: {
          orderId: reserved.orderId,
          customerId: 'alice',
          reason: 'CANCELLED_BY_CUSTOMER',
          reservationId: RES_1,
          items: reserved.items,
          cancelledAt: at(3).toISOString(),
        },
      },
    ]);
    expect(t.order).toMatchObject({ reservationId: RES_1, reservedAt: reserved.reservedAt });
  });

  it('cancelling a pending order names no reservation', () => {
    const t = applyInput(pending, inputs.customerCancel, at(1));
    expect(t.outcome !== 'refused' && t.events[0]?.data).not.toHaveProperty('reservationId');
    expect(t.order).not.toHaveProperty('reservationId');
  });

  it('a reservation that arrives after the cancel is released by re-announcing the cancellation', () => {
    const t = applyInput(cancelledWhilePending, { ...inputs.reserved, reservationId: RES_2 }, at(2));
    expect(t.outcome !== 'refused' && t.events).toEqual([
      {
        type: 'OrderCancelled',
        data: {
          orderId: pending.orderId,
          customerId: 'alice',
          reason: 'CANCELLED_BY_CUSTOMER',
          reservationId: RES_2,
          items: pending.items,
          cancelledAt: cancelledWhilePending.cancellation.at,
        },
      },
    ]);
  });

  it('a payment that arrives after the reservation expired cancels the order and is refunded', () => {
    const t = applyInput(reserved, inputs.approved, at(17));
    expect(t.outcome).toBe('applied');
    expect(t.order).toMatchObject({
      status: 'CANCELLED',
      reservationId: RES_1,
      cancellation: { reason: 'RESERVATION_EXPIRED', at: at(17).toISOString() },
    });
    expect(t.order).not.toHaveProperty('paymentId');
    expect(t.outcome !== 'refused' && t.events).toEqual([
      {
        type: 'OrderCancelled',
        data: {
          orderId: reserved.orderId,
          customerId: 'alice',
          reason: 'RESERVATION_EXPIRED',
          reservationId: RES_1,
          items: reserved.items,
          cancelledAt: at(17).toISOString(),
        },
      },
    ]);
    expect(t.outcome !== 'refused' && t.commands).toEqual([
      {
        type: 'RefundPayment',
        orderId: reserved.orderId,
        paymentId: 'pay-1',
        why: 'the reservation expired before the payment arrived',
      },
    ]);
  });

  it('a payment taken for a cancelled order is refunded', () => {
    const t = applyInput(cancelledWhileReserved, inputs.approvedOther, at(4));
    expect(t.outcome !== 'refused' && t.commands).toEqual([
      { type: 'RefundPayment', orderId: pending.orderId, paymentId: 'pay-2', why: 'order was cancelled' },
    ]);
  });

  it('keeps the decline reason and the missing SKUs for people to read', () => {
    const declined = applyInput(reserved, inputs.declined, at(3)).order;
    expect(declined.status === 'CANCELLED' && declined.cancellation.detail).toBe('insufficient funds');
    const missing = applyInput(pending, inputs.outOfStock, at(1)).order;
    expect(missing.status === 'CANCELLED' && missing.cancellation.detail).toBe('not available: MUG-001');
  });
});

describe('any sequence of inputs', () => {
  const anyInput: fc.Arbitrary<OrderInput> = fc.constantFrom<OrderInput>(...Object.values(inputs), {
    type: 'InventoryReserved',
    reservationId: RES_2,
    expiresAt: at(30).toISOString(),
  });

  it('never confirms a reservation at or past its expiresAt', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyInput, fc.integer({ min: 0, max: 120 })), { maxLength: 30 }),
        (steps) => {
          let order: Order = pending;
          for (const [input, minute] of steps) {
            const before = order;
            const t = applyInput(order, input, at(minute));
            if (before.status === 'RESERVED' && t.order.status === 'CONFIRMED')
              expect(at(minute).getTime()).toBeLessThan(Date.parse(before.deadline));
            order = t.order;
          }
        },
      ),
    );
  });

  it('never throws, never leaves a terminal state, and counts versions by applied transitions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyInput, fc.integer({ min: 0, max: 120 })), { maxLength: 30 }),
        (steps) => {
          let order: Order = pending;
          let applied = 0;
          for (const [input, minute] of steps) {
            const before = order;
            const t = applyInput(order, input, at(minute));
            if (isTerminal(before)) {
              expect(t.order.status).toBe(before.status);
              expect(t.outcome).not.toBe('applied');
            }
            if (t.outcome === 'applied') applied += 1;
            order = t.order;
          }
          expect(order.version).toBe(pending.version + applied);
        },
      ),
    );
  });

  it('applying the same input twice in a row changes nothing the second time', () => {
    fc.assert(
      fc.property(fc.array(anyInput, { maxLength: 10 }), anyInput, (prefix, input) => {
        let order: Order = pending;
        for (const step of prefix) order = applyInput(order, step, at(60)).order;
        const first = applyInput(order, input, at(60));
        if (first.outcome === 'refused') return;
        const second = applyInput(first.order, input, at(60));
        expect(second.outcome).not.toBe('applied');
        expect(second.order).toBe(first.order);
      }),
    );
  });
});
