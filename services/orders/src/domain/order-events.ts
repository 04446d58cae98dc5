import type { EventDataInput, OrderCancelled, OrderConfirmed, OrderPlaced } from '@stratus/events';
import type { OrderLine } from './order';

/**
 * Events the orders context announces on the bus. `data` is typed from the contract of the same
 * name in @stratus/events, so the domain cannot emit what the catalog would refuse; publishing
 * adds the envelope (event id, correlation id, causation id, version).
 */
export interface OrderPlacedEvent {
  type: 'OrderPlaced';
  data: EventDataInput<typeof OrderPlaced>;
}

export interface OrderConfirmedEvent {
  type: 'OrderConfirmed';
  data: EventDataInput<typeof OrderConfirmed>;
}

export interface OrderCancelledEvent {
  type: 'OrderCancelled';
  data: EventDataInput<typeof OrderCancelled>;
}

export type OrderEvent = OrderPlacedEvent | OrderConfirmedEvent | OrderCancelledEvent;

/** Work the orders context gives itself (its own queues), not announcements to others. */
export type OrderCommand =
  | { type: 'RequestPayment'; orderId: string; customerId: string; reservationId: string; items: OrderLine[] }
  | { type: 'RefundPayment'; orderId: string; paymentId: string; why: string }
  | {
      type: 'NotifyShipping';
      orderId: string;
      customerId: string;
      /** Where to write, when the customer's token named an address. */
      contactEmail?: string;
      items: OrderLine[];
      confirmedAt: string;
    };

export type OrderCommandType = OrderCommand['type'];
