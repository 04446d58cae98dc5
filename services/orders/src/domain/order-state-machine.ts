import type {
  CancellationReason,
  CancelledOrder,
  ConfirmedOrder,
  OpenOrder,
  Order,
  ReservedOrder,
} from './order';
import type { OrderCancelledEvent, OrderCommand, OrderEvent } from './order-events';
import type { OrderInput } from './order-inputs';
import type { IgnoredBecause, RefusalCode, Transition } from './order-transition';

/**
 * The order saga as a pure function: PENDING -> RESERVED -> CONFIRMED, or CANCELLED with a
 * reason. Every (state, input) pair has an answer, because on an at-least-once, unordered bus
 * every pair eventually happens: duplicates are ignored, late arrivals for a terminal order are
 * ignored with a compensation when they hold something (stock, money) the order no longer needs.
 */
export function applyInput(order: Order, input: OrderInput, now: Date): Transition {
  switch (input.type) {
    case 'InventoryReserved':
      return onInventoryReserved(order, input, now);
    case 'InventoryReservationFailed':
      return onInventoryReservationFailed(order, input, now);
    case 'InventoryReleased':
      return onInventoryReleased(order, input, now);
    case 'PaymentApproved':
      return onPaymentApproved(order, input, now);
    case 'PaymentDeclined':
      return onPaymentDeclined(order, input, now);
    case 'CustomerCancelled':
      return onCustomerCancelled(order, now);
    case 'DeadlinePassed':
      return onDeadlinePassed(order, now);
  }
}

type InputOf<T extends OrderInput['type']> = Extract<OrderInput, { type: T }>;

function onInventoryReserved(order: Order, input: InputOf<'InventoryReserved'>, now: Date): Transition {
  switch (order.status) {
    case 'PENDING':
      return reserve(order, input.reservationId, input.expiresAt, now);
    case 'RESERVED':
    case 'CONFIRMED':
      // Inventory keeps one reservation per order, so a second announcement is a redelivery.
      return ignored(order, 'DUPLICATE');
    case 'CANCELLED':
      if (order.reservationId === input.reservationId) return ignored(order, 'DUPLICATE');
      // The cancellation overtook the reservation: say again that the order is cancelled,
      // naming this reservation, so inventory gives the stock back.
      return ignored(order, 'ALREADY_TERMINAL', [cancelledEvent(order, input.reservationId)]);
  }
}

function onInventoryReservationFailed(
  order: Order,
  input: InputOf<'InventoryReservationFailed'>,
  now: Date,
): Transition {
  switch (order.status) {
    case 'PENDING':
      return cancel(order, input.reason, now, `not available: ${input.skus.join(', ')}`);
    case 'RESERVED':
    case 'CONFIRMED':
      return ignored(order, 'SUPERSEDED');
    case 'CANCELLED':
      return ignored(order, order.cancellation.reason === input.reason ? 'DUPLICATE' : 'ALREADY_TERMINAL');
  }
}

function onInventoryReleased(order: Order, input: InputOf<'InventoryReleased'>, now: Date): Transition {
  switch (order.status) {
    case 'PENDING':
    case 'RESERVED':
      // Inventory only releases on its own for an expired hold; an echo of our own
      // cancellation cannot reach an order that is still open.
      if (input.reason === 'RESERVATION_EXPIRED')
        return cancel(order, 'RESERVATION_EXPIRED', now, undefined, input.reservationId);
      return ignored(order, 'SUPERSEDED');
    case 'CONFIRMED':
      return ignored(order, 'INCONSISTENT');
    case 'CANCELLED':
      return ignored(order, 'DUPLICATE');
  }
}

function onPaymentApproved(order: Order, input: InputOf<'PaymentApproved'>, now: Date): Transition {
  switch (order.status) {
    case 'PENDING':
      return refused(
        order,
        'INVALID_TRANSITION',
        'a payment result arrived for an order that was never reserved',
      );
    case 'RESERVED':
      if (deadlinePassed(order, now)) {
        // Inventory may already have released the hold and sold the units again, and it refuses
        // an OrderConfirmed for a released hold: the deadline wins, the money goes back.
        return withCommands(
          cancel(
            order,
            'RESERVATION_EXPIRED',
            now,
            `payment ${input.paymentId} arrived after the reservation expired at ${order.deadline}`,
          ),
          [refund(order, input.paymentId, 'the reservation expired before the payment arrived')],
        );
      }
      return confirm(order, input.paymentId, now);
    case 'CONFIRMED':
      if (order.paymentId === input.paymentId) return ignored(order, 'DUPLICATE');
      return ignored(order, 'SUPERSEDED', [], [refund(order, input.paymentId, 'order was already paid')]);
    case 'CANCELLED':
      return ignored(order, 'ALREADY_TERMINAL', [], [refund(order, input.paymentId, 'order was cancelled')]);
  }
}

function onPaymentDeclined(order: Order, input: InputOf<'PaymentDeclined'>, now: Date): Transition {
  switch (order.status) {
    case 'PENDING':
      return refused(
        order,
        'INVALID_TRANSITION',
        'a payment result arrived for an order that was never reserved',
      );
    case 'RESERVED':
      // Past the deadline the expiry decides, whatever the payment said, so the reason does not
      // depend on whether the sweeper or the payment result got there first.
      if (deadlinePassed(order, now)) {
        return cancel(
          order,
          'RESERVATION_EXPIRED',
          now,
          `payment declined (${input.declineReason}) after the reservation expired at ${order.deadline}`,
        );
      }
      return cancel(order, 'PAYMENT_DECLINED', now, input.declineReason);
    case 'CONFIRMED':
      return ignored(order, 'SUPERSEDED');
    case 'CANCELLED':
      return ignored(
        order,
        order.cancellation.reason === 'PAYMENT_DECLINED' ? 'DUPLICATE' : 'ALREADY_TERMINAL',
      );
  }
}

function onCustomerCancelled(order: Order, now: Date): Transition {
  switch (order.status) {
    case 'PENDING':
    case 'RESERVED':
      return cancel(order, 'CANCELLED_BY_CUSTOMER', now);
    case 'CONFIRMED':
      return refused(
        order,
        'ORDER_ALREADY_CONFIRMED',
        'the order is confirmed and can no longer be cancelled',
      );
    case 'CANCELLED':
      return ignored(
        order,
        order.cancellation.reason === 'CANCELLED_BY_CUSTOMER' ? 'DUPLICATE' : 'ALREADY_TERMINAL',
      );
  }
}

function onDeadlinePassed(order: Order, now: Date): Transition {
  switch (order.status) {
    case 'PENDING':
    case 'RESERVED':
      if (!deadlinePassed(order, now)) {
        return refused(
          order,
          'DEADLINE_NOT_REACHED',
          `the order's deadline ${order.deadline} is still ahead`,
        );
      }
      return cancel(order, 'RESERVATION_EXPIRED', now);
    case 'CONFIRMED':
    case 'CANCELLED':
      return ignored(order, 'ALREADY_TERMINAL');
  }
}

/**
 * Whether an open order is overdue: its deadline is the first instant at which it is. For a
 * RESERVED order the deadline is inventory's `expiresAt`, and a reservation past it can never be
 * confirmed: the payment step does not charge it, and a payment result that arrives for it
 * cancels the order instead (RESERVATION_EXPIRED).
 */
export function deadlinePassed(order: OpenOrder, now: Date): boolean {
  return now.getTime() >= Date.parse(order.deadline);
}

function reserve(order: OpenOrder, reservationId: string, expiresAt: string, now: Date): Transition {
  const at = now.toISOString();
  const reserved: ReservedOrder = {
    ...common(order, at),
    status: 'RESERVED',
    reservationId,
    reservedAt: at,
    deadline: expiresAt,
  };
  return applied(
    reserved,
    [],
    [
      {
        type: 'RequestPayment',
        orderId: order.orderId,
        customerId: order.customerId,
        reservationId,
        items: order.items,
      },
    ],
  );
}

function confirm(order: ReservedOrder, paymentId: string, now: Date): Transition {
  const at = now.toISOString();
  const confirmed: ConfirmedOrder = {
    ...common(order, at),
    status: 'CONFIRMED',
    reservationId: order.reservationId,
    reservedAt: order.reservedAt,
    paymentId,
    confirmedAt: at,
  };
  return applied(
    confirmed,
    [
      {
        type: 'OrderConfirmed',
        data: {
          orderId: order.orderId,
          customerId: order.customerId,
          reservationId: order.reservationId,
          items: order.items,
          confirmedAt: at,
        },
      },
    ],
    [
      {
        type: 'NotifyShipping',
        orderId: order.orderId,
        customerId: order.customerId,
        ...(order.contactEmail === undefined ? {} : { contactEmail: order.contactEmail }),
        items: order.items,
        confirmedAt: at,
      },
    ],
  );
}

function cancel(
  order: OpenOrder,
  reason: CancellationReason,
  now: Date,
  detail?: string,
  reservationId: string | undefined = order.status === 'RESERVED' ? order.reservationId : undefined,
): AppliedTransition {
  const at = now.toISOString();
  const cancelled: CancelledOrder = {
    ...common(order, at),
    status: 'CANCELLED',
    cancellation: detail === undefined ? { reason, at } : { reason, at, detail },
    ...(reservationId === undefined ? {} : { reservationId }),
    ...(order.status === 'RESERVED' ? { reservedAt: order.reservedAt } : {}),
  };
  return applied(cancelled, [cancelledEvent(cancelled, reservationId)]);
}

function cancelledEvent(order: CancelledOrder, reservationId: string | undefined): OrderCancelledEvent {
  return {
    type: 'OrderCancelled',
    data: {
      orderId: order.orderId,
      customerId: order.customerId,
      reason: order.cancellation.reason,
      ...(reservationId === undefined ? {} : { reservationId }),
      items: order.items,
      cancelledAt: order.cancellation.at,
    },
  };
}

function refund(order: Order, paymentId: string, why: string): OrderCommand {
  return { type: 'RefundPayment', orderId: order.orderId, paymentId, why };
}

/** The fields every state shares, advanced by one applied transition. */
function common(order: Order, at: string) {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    items: order.items,
    correlationId: order.correlationId,
    ...(order.contactEmail === undefined ? {} : { contactEmail: order.contactEmail }),
    createdAt: order.createdAt,
    updatedAt: at,
    version: order.version + 1,
  };
}

type AppliedTransition = Extract<Transition, { outcome: 'applied' }>;

function applied(order: Order, events: OrderEvent[], commands: OrderCommand[] = []): AppliedTransition {
  return { outcome: 'applied', order, events, commands };
}

function withCommands(transition: AppliedTransition, commands: OrderCommand[]): AppliedTransition {
  return { ...transition, commands: [...transition.commands, ...commands] };
}

function ignored(
  order: Order,
  because: IgnoredBecause,
  events: OrderEvent[] = [],
  commands: OrderCommand[] = [],
): Transition {
  return { outcome: 'ignored', order, because, events, commands };
}

function refused(order: Order, code: RefusalCode, message: string): Transition {
  return { outcome: 'refused', order, refusal: { code, message } };
}
