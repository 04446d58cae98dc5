import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  NotificationResult,
  ShippingNotification,
  ShippingNotifier,
} from '../../ports/shipping-notifier';
import { shippingMessage } from './shipping-message';

/**
 * Writes each notification as one JSON line to a local outbox file instead of sending it: what a
 * developer reads offline (`NOTIFICATIONS_TRANSPORT=file`). A notification already in the file
 * (a redelivered message) is not written twice.
 */
export class FileShippingNotifier implements ShippingNotifier {
  constructor(private readonly file: string) {}

  async notify(notification: ShippingNotification): Promise<NotificationResult> {
    if (await this.contains(notification.notificationId)) return { outcome: 'sent', transport: 'file' };
    const message = shippingMessage(notification);
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(
      this.file,
      `${JSON.stringify({
        notificationId: notification.notificationId,
        writtenAt: new Date().toISOString(),
        to: notification.contactEmail ?? null,
        customerId: notification.customerId,
        orderId: notification.orderId,
        subject: message.subject,
        text: message.text,
      })}\n`,
    );
    return { outcome: 'sent', transport: 'file', messageId: notification.notificationId };
  }

  private async contains(notificationId: string): Promise<boolean> {
    try {
      return (await readFile(this.file, 'utf8')).includes(`"notificationId":"${notificationId}"`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
