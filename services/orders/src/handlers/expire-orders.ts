import { logger, withObservability } from '@stratus/lambda';
import { expireOverdueOrders } from '../application/expire-overdue-orders';
import { countCancelled } from './order-metrics';
import { ordersDependencies, sweepOptions } from './wiring';

/** Scheduled: cancels PENDING and RESERVED orders past their deadline (RESERVATION_EXPIRED). */
export const expireOrdersHandler = (deps = ordersDependencies) =>
  withObservability(async () => {
    const outcome = await expireOverdueOrders(deps(), sweepOptions());
    for (const { reason } of outcome.cancelled) countCancelled(reason);
    logger.info('Overdue orders expired', {
      examined: outcome.examined,
      expired: outcome.expired,
      skipped: outcome.skipped,
    });
    return { examined: outcome.examined, expired: outcome.expired, skipped: outcome.skipped };
  });

export const handler = expireOrdersHandler();
