import type { OrderCommand } from '../domain/order-events';
import { deadlinePassed } from '../domain/order-state-machine';
import type { PaymentProvider } from '../ports/payment-provider';
import { applyToOrder, type ApplyOutcome } from './apply-to-order';
import { RefusedInputError, UnknownOrderError } from './handle-inventory-outcome';
import type { OrdersDependencies } from './orders-dependencies';

export interface PaymentDependencies extends OrdersDependencies {
  payments: PaymentProvider;
}

export type PaymentCommand = Extract<OrderCommand, { type: 'RequestPayment' | 'RefundPayment' }>;

export type SettlementOutcome =
  | { kind: 'charged'; result: 'approved' | 'declined'; apply: ApplyOutcome }
  /** The order no longer waits for payment (cancelled, or paid by an earlier delivery): no charge. */
  | { kind: 'not-charged'; status: string }
  /**
   * The reservation's deadline (inventory's `expiresAt`) passed before the charge: not charged,
   * and the order is cancelled RESERVATION_EXPIRED (its OrderCancelled releases the hold).
   */
  | { kind: 'expired'; apply: ApplyOutcome }
  | { kind: 'refunded'; paymentId: string };

/**
 * The payment worker. A payment request charges the order (the provider treats the repeated key
 * of a redelivered request as the same charge) and applies the result; the request's id is
 * recorded with the change, so a redelivery after the change applies nothing twice.
 *
 * A reservation past its deadline is never charged: the order is expired here instead, as the
 * sweeper would (inventory may already have released the hold). The check and the charge are not
 * atomic, so a charge can still start just before the deadline and end after it, or the order can
 * be cancelled while the charge runs: the state machine then cancels (or keeps cancelled) the
 * order and answers with a RefundPayment command, which this worker carries out.
 */
export async function settlePayment(
  deps: PaymentDependencies,
  commandId: string,
  command: PaymentCommand,
): Promise<SettlementOutcome> {
  if (command.type === 'RefundPayment') {
    await deps.payments.refund({
      orderId: command.orderId,
      paymentId: command.paymentId,
      idempotencyKey: `refund:${command.paymentId}`,
    });
    return { kind: 'refunded', paymentId: command.paymentId };
  }

  const order = await deps.store.get(command.orderId);
  if (order === undefined)
    throw new UnknownOrderError(`payment request ${commandId} names unknown order ${command.orderId}`);
  if (order.status !== 'RESERVED') return { kind: 'not-charged', status: order.status };
  if (deadlinePassed(order, deps.clock.now())) {
    const apply = await applyToOrder(
      deps,
      command.orderId,
      { type: 'DeadlinePassed' },
      { messageId: commandId },
    );
    if (apply.kind === 'refused') throw new RefusedInputError(apply.transition.refusal.message);
    return { kind: 'expired', apply };
  }

  const charge = await deps.payments.charge({
    orderId: command.orderId,
    customerId: command.customerId,
    items: command.items,
    idempotencyKey: `charge:${command.orderId}:${command.reservationId}`,
  });
  const apply = await applyToOrder(
    deps,
    command.orderId,
    charge.outcome === 'approved'
      ? { type: 'PaymentApproved', paymentId: charge.paymentId }
      : { type: 'PaymentDeclined', declineReason: charge.declineReason },
    { messageId: commandId },
  );
  if (apply.kind === 'refused') throw new RefusedInputError(apply.transition.refusal.message);
  return { kind: 'charged', result: charge.outcome, apply };
}
