import type { PendingOrder } from './order';
import type { OrderPlacedEvent } from './order-events';
import type { PlaceOrderRequest } from './place-order-request';

export interface PlaceOrderInput {
  orderId: string;
  customerId: string;
  correlationId: string;
  request: PlaceOrderRequest;
  now: Date;
  /** How long an order may wait for inventory's answer before it is cancelled as expired. */
  pendingTimeoutSeconds: number;
  /** The customer's address for the shipping notification, when known. */
  contactEmail?: string;
}

export interface PlacedOrder {
  order: PendingOrder;
  events: [OrderPlacedEvent];
}

export function placeOrder(input: PlaceOrderInput): PlacedOrder {
  const at = input.now.toISOString();
  const items = input.request.items.map(({ sku, quantity }) => ({ sku, quantity }));
  const order: PendingOrder = {
    orderId: input.orderId,
    customerId: input.customerId,
    correlationId: input.correlationId,
    ...(input.contactEmail === undefined ? {} : { contactEmail: input.contactEmail }),
    items,
    status: 'PENDING',
    createdAt: at,
    updatedAt: at,
    version: 1,
    deadline: new Date(input.now.getTime() + input.pendingTimeoutSeconds * 1000).toISOString(),
  };
  return {
    order,
    events: [
      {
        type: 'OrderPlaced',
        data: { orderId: order.orderId, customerId: order.customerId, items, placedAt: at },
      },
    ],
  };
}
