import { nextContext, OrderCancelled, OrderConfirmed, OrderPlaced } from '@stratus/events';
import { metrics, MetricUnit, sqsEventHandler } from '@stratus/lambda';
import { handleOrderCancelled } from '../application/handle-order-cancelled';
import { handleOrderConfirmed } from '../application/handle-order-confirmed';
import { handleOrderPlaced } from '../application/handle-order-placed';
import { inventoryDependencies } from './wiring';

/**
 * The orders saga's events, from the queue an EventBridge rule fills (the queue absorbs a flash
 * sale's burst; failed records return to it and end in its DLQ). Every step is idempotent by
 * the per-order reservation record, so redeliveries change nothing.
 */
export const handler = sqsEventHandler(
  [OrderPlaced, OrderCancelled, OrderConfirmed],
  async (event, message) => {
    const deps = inventoryDependencies();
    const context = nextContext(event.metadata);
    switch (event.detailType) {
      case 'OrderPlaced': {
        const outcome = await handleOrderPlaced(deps, event.data, context);
        if (outcome.attempts > 1)
          metrics.addMetric('ReservationConflicts', MetricUnit.Count, outcome.attempts - 1);
        const stockLow = outcome.events.filter((e) => e.type === 'StockLow').length;
        if (stockLow > 0) metrics.addMetric('StockLow', MetricUnit.Count, stockLow);
        message.logger.info('OrderPlaced handled', {
          orderId: event.data.orderId,
          result: outcome.result,
          attempts: outcome.attempts,
        });
        return;
      }
      case 'OrderCancelled': {
        const outcome = await handleOrderCancelled(deps, event.data, context);
        message.logger.info('OrderCancelled handled', {
          orderId: event.data.orderId,
          result: outcome.result,
        });
        return;
      }
      case 'OrderConfirmed': {
        const outcome = await handleOrderConfirmed(deps, event.data);
        message.logger.info('OrderConfirmed handled', {
          orderId: event.data.orderId,
          result: outcome.result,
        });
        return;
      }
    }
  },
);
