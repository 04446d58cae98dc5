import type { CancellationReason, OrderLine } from './order';

/**
 * Events the orders context announces on the bus, as the domain sees them. The handler layer
 * maps each one to its contract in @stratus/events (which adds the envelope: event id,
 * correlation id, causation id, version).
 */
export interface OrderPlacedEvent {
  type: 'OrderPlaced';
  data: { orderId: string; customerId: string; items: OrderLine[]; placedAt: string };
}

export interface OrderConfirmedEvent {
  type: 'OrderConfirmed';
  data: {
    orderId: string;
    customerId: string;
    reservationId: string;
    paymentId: string;
    items: OrderLine[];
    confirmedAt: string;
  };
}

export interface OrderCancelledEvent {
  type: 'OrderCancelled';
  data: {
    orderId: string;
    customerId: string;
    reason: CancellationReason;
    /** Present when inventory holds (or may hold) stock for the order: consumers release it. */
    reservationId?: string;
    items: OrderLine[];
    cancelledAt: string;
  };
}

export type OrderEvent = OrderPlacedEvent | OrderConfirmedEvent | OrderCancelledEvent;

/** Work the orders context gives itself (its own queues), not announcements to others. */
export type OrderCommand =
  | { type: 'RequestPayment'; orderId: string; customerId: string; reservationId: string; items: OrderLine[] }
  | { type: 'RefundPayment'; orderId: string; paymentId: string; why: string };
