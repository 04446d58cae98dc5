import type { ShippingNotification } from '../../ports/shipping-notifier';

export interface ShippingMessage {
  subject: string;
  text: string;
}

/** The customer-facing words of a shipping notification, the same whatever carries them. */
export function shippingMessage(notification: ShippingNotification): ShippingMessage {
  const lines = notification.items.map((item) => `  ${item.quantity} x ${item.sku}`);
  return {
    subject: `Your order ${notification.orderId} is confirmed and on its way`,
    text: [
      `Your order ${notification.orderId}, confirmed at ${notification.confirmedAt}, ships soon:`,
      ...lines,
      '',
      'Thank you for shopping with Stratus.',
    ].join('\n'),
  };
}
