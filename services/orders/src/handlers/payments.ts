import { sqsBatchHandler } from '@stratus/lambda';
import { PaymentMessage } from '../adapters/sqs/command-message';
import { settlePayment } from '../application/settle-payment';
import { countTerminal } from './order-metrics';
import { paymentDependencies } from './wiring';

/**
 * The payment worker behind the payments queue: charges reserved orders (confirming or cancelling
 * them), expires reserved orders whose reservation deadline has passed instead of charging them,
 * and refunds payments that arrived for orders that no longer need them.
 */
export const paymentsHandler = (deps = paymentDependencies) =>
  sqsBatchHandler({ body: PaymentMessage }, async ({ commandId, command }, message) => {
    const outcome = await settlePayment(deps(), commandId, command);
    if ((outcome.kind === 'charged' || outcome.kind === 'expired') && outcome.apply.kind === 'applied')
      countTerminal(outcome.apply.order);
    message.logger.info('Payment command settled', {
      command: command.type,
      orderId: command.orderId,
      outcome: outcome.kind,
      ...(outcome.kind === 'charged' ? { result: outcome.result, apply: outcome.apply.kind } : {}),
      ...(outcome.kind === 'expired' ? { apply: outcome.apply.kind } : {}),
    });
  });

export const handler = paymentsHandler();
