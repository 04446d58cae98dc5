import { metrics, MetricUnit } from '@stratus/lambda';
import type { CancellationReason, Order } from '../domain/order';

/** A new order was accepted (not a replay). */
export function countPlaced(): void {
  metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1);
}

/**
 * An applied transition that ended the order: OrdersConfirmed, or OrdersCancelled with the reason
 * as a dimension (its own EMF document, so the reason does not become a dimension of the others).
 */
export function countTerminal(order: Order): void {
  if (order.status === 'CONFIRMED') metrics.addMetric('OrdersConfirmed', MetricUnit.Count, 1);
  else if (order.status === 'CANCELLED') countCancelled(order.cancellation.reason);
}

export function countCancelled(reason: CancellationReason): void {
  const single = metrics.singleMetric();
  single.addDimension('reason', reason);
  single.addMetric('OrdersCancelled', MetricUnit.Count, 1);
}
