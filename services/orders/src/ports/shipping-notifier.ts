import type { OrderLine } from '../domain/order';

export interface ShippingNotification {
  /** The command's id: a transport that can deduplicate uses it. */
  notificationId: string;
  orderId: string;
  customerId: string;
  contactEmail?: string;
  items: OrderLine[];
  confirmedAt: string;
}

export type NotificationResult =
  | { outcome: 'sent'; transport: string; messageId?: string }
  /** Nothing can be sent (for example no address is known); retrying would not change that. */
  | { outcome: 'skipped'; reason: string };

/**
 * Tells the customer that a confirmed order ships. Throw only for failures worth retrying; the
 * queue redelivers, so a transport should tolerate the same notification twice.
 */
export interface ShippingNotifier {
  notify(notification: ShippingNotification): Promise<NotificationResult>;
}
