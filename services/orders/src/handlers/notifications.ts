import { sqsBatchHandler } from '@stratus/lambda';
import { NotificationMessage } from '../adapters/sqs/command-message';
import { notifyShipping } from '../application/notify-shipping';
import { shippingNotifier } from './wiring';

/** The shipping-notification worker: SES on AWS, a local outbox file offline (NOTIFICATIONS_TRANSPORT). */
export const notificationsHandler = (notifier = shippingNotifier) =>
  sqsBatchHandler({ body: NotificationMessage }, async ({ commandId, command }, message) => {
    const result = await notifyShipping(notifier(), commandId, command);
    message.logger.info('Shipping notification handled', { orderId: command.orderId, ...result });
  });

export const handler = notificationsHandler();
