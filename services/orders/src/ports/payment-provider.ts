import type { OrderLine } from '../domain/order';

export interface ChargeRequest {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  /** The provider must treat a repeated key as the same charge (the queue redelivers). */
  idempotencyKey: string;
}

export type ChargeResult =
  { outcome: 'approved'; paymentId: string } | { outcome: 'declined'; declineReason: string };

/**
 * The payment provider behind the payment worker. Throw only for failures worth retrying
 * (timeouts, 5xx); a decline is a result, not an error.
 */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: { orderId: string; paymentId: string; idempotencyKey: string }): Promise<void>;
}
