/**
 * The order aggregate. Status is a discriminated union so that fields which only exist in some
 * states (a payment id only once confirmed, a cancellation only once cancelled) cannot be read
 * where they are meaningless.
 */
export const ORDER_STATUSES = ['PENDING', 'RESERVED', 'CONFIRMED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const CANCELLATION_REASONS = [
  'OUT_OF_STOCK',
  'UNKNOWN_SKU',
  'PAYMENT_DECLINED',
  'CANCELLED_BY_CUSTOMER',
  'RESERVATION_EXPIRED',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface Cancellation {
  reason: CancellationReason;
  at: string;
  /** Free text for people (e.g. which SKUs were missing); never parsed. */
  detail?: string;
}

interface OrderCommon {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  /** Correlation id of the request that placed the order; every event of its saga carries it. */
  correlationId: string;
  /** The customer's e-mail address as their token gave it, for the shipping notification. */
  contactEmail?: string;
  createdAt: string;
  updatedAt: string;
  /** Incremented by every applied transition; stores write with `version = expected`. */
  version: number;
}

export interface PendingOrder extends OrderCommon {
  status: 'PENDING';
  /** When an order still waiting for inventory's answer is given up (RESERVATION_EXPIRED). */
  deadline: string;
}

export interface ReservedOrder extends OrderCommon {
  status: 'RESERVED';
  reservationId: string;
  reservedAt: string;
  /** The reservation's expiry as inventory announced it. */
  deadline: string;
}

export interface ConfirmedOrder extends OrderCommon {
  status: 'CONFIRMED';
  reservationId: string;
  reservedAt: string;
  paymentId: string;
  confirmedAt: string;
}

export interface CancelledOrder extends OrderCommon {
  status: 'CANCELLED';
  cancellation: Cancellation;
  reservationId?: string;
  reservedAt?: string;
}

export type Order = PendingOrder | ReservedOrder | ConfirmedOrder | CancelledOrder;
export type OpenOrder = PendingOrder | ReservedOrder;

export function isTerminal(order: Order): order is ConfirmedOrder | CancelledOrder {
  return order.status === 'CONFIRMED' || order.status === 'CANCELLED';
}
