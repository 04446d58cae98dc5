import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type {
  NotificationResult,
  ShippingNotification,
  ShippingNotifier,
} from '../../ports/shipping-notifier';
import { shippingMessage } from './shipping-message';

export interface SesShippingNotifierOptions {
  /** A verified SES identity, e.g. `orders@shop.example.com`. */
  fromAddress: string;
  /** Optional SES configuration set (delivery events, suppression). */
  configurationSet?: string;
}

/**
 * Sends the shipping notification by e-mail through Amazon SES (v2 SendEmail), on AWS
 * (`NOTIFICATIONS_TRANSPORT=ses`). Orders without a known address are skipped: the token that
 * placed them carried no e-mail claim.
 */
export class SesShippingNotifier implements ShippingNotifier {
  constructor(
    private readonly ses: Pick<SESv2Client, 'send'>,
    private readonly options: SesShippingNotifierOptions,
  ) {}

  async notify(notification: ShippingNotification): Promise<NotificationResult> {
    if (notification.contactEmail === undefined) {
      return { outcome: 'skipped', reason: 'no e-mail address is known for this customer' };
    }
    const message = shippingMessage(notification);
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.fromAddress,
        Destination: { ToAddresses: [notification.contactEmail] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
        ...(this.options.configurationSet === undefined
          ? {}
          : { ConfigurationSetName: this.options.configurationSet }),
        EmailTags: [{ Name: 'orderId', Value: notification.orderId }],
      }),
    );
    return {
      outcome: 'sent',
      transport: 'ses',
      ...(result.MessageId ? { messageId: result.MessageId } : {}),
    };
  }
}
