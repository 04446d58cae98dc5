import type { OrderCommand } from '../domain/order-events';
import type { NotificationResult, ShippingNotifier } from '../ports/shipping-notifier';

export type NotifyShippingCommand = Extract<OrderCommand, { type: 'NotifyShipping' }>;

/** The notification worker: one confirmed order, one shipping message through the configured transport. */
export function notifyShipping(
  notifier: ShippingNotifier,
  commandId: string,
  command: NotifyShippingCommand,
): Promise<NotificationResult> {
  return notifier.notify({
    notificationId: commandId,
    orderId: command.orderId,
    customerId: command.customerId,
    ...(command.contactEmail === undefined ? {} : { contactEmail: command.contactEmail }),
    items: command.items,
    confirmedAt: command.confirmedAt,
  });
}
