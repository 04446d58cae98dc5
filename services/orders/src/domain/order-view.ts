import type { CancellationReason, Order, OrderLine, OrderStatus } from './order';

/** The public shape of an order in API responses: no internals (version, correlation id). */
export interface OrderView {
  orderId: string;
  status: OrderStatus;
  items: OrderLine[];
  createdAt: string;
  updatedAt: string;
  reservedAt?: string;
  confirmedAt?: string;
  cancelledAt?: string;
  cancellationReason?: CancellationReason;
}

export function toOrderView(order: Order): OrderView {
  const view: OrderView = {
    orderId: order.orderId,
    status: order.status,
    items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
  switch (order.status) {
    case 'PENDING':
      return view;
    case 'RESERVED':
      return { ...view, reservedAt: order.reservedAt };
    case 'CONFIRMED':
      return { ...view, reservedAt: order.reservedAt, confirmedAt: order.confirmedAt };
    case 'CANCELLED':
      return {
        ...view,
        ...(order.reservedAt === undefined ? {} : { reservedAt: order.reservedAt }),
        cancelledAt: order.cancellation.at,
        cancellationReason: order.cancellation.reason,
      };
  }
}
