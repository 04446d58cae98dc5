import type { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileShippingNotifier } from '../../../src/adapters/notifications/file-shipping-notifier';
import { SesShippingNotifier } from '../../../src/adapters/notifications/ses-shipping-notifier';
import { shippingMessage } from '../../../src/adapters/notifications/shipping-message';
import type { ShippingNotification } from '../../../src/ports/shipping-notifier';

const notification: ShippingNotification = {
  notificationId: '4f3e2d1c-0b9a-4f8e-9d7c-6b5a4f3e2d1c',
  orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
  customerId: 'alice',
  contactEmail: 'alice@example.com',
  items: [
    { sku: 'TSHIRT-RED-XL', quantity: 2 },
    { sku: 'MUG-001', quantity: 1 },
  ],
  confirmedAt: '2026-11-27T09:15:02.310Z',
};

describe('shippingMessage', () => {
  it('names the order and every line', () => {
    const message = shippingMessage(notification);
    expect(message.subject).toBe(
      'Your order 0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69 is confirmed and on its way',
    );
    expect(message.text).toContain('  2 x TSHIRT-RED-XL\n  1 x MUG-001');
  });
});

describe('SesShippingNotifier', () => {
  it('sends one e-mail from the configured identity to the order address', async () => {
    const sent: SendEmailCommand[] = [];
    const notifier = new SesShippingNotifier(
      {
        send: async (command: SendEmailCommand) => (
          sent.push(command),
          { MessageId: 'ses-1', $metadata: {} }
        ),
      } as never,
      { fromAddress: 'orders@shop.example.com', configurationSet: 'orders' },
    );
    expect(await notifier.notify(notification)).toEqual({
      outcome: 'sent',
      transport: 'ses',
      messageId: 'ses-1',
    });
    expect(sent[0]?.input).toMatchObject({
      FromEmailAddress: 'orders@shop.example.com',
      Destination: { ToAddresses: ['alice@example.com'] },
      ConfigurationSetName: 'orders',
      Content: { Simple: { Subject: { Data: shippingMessage(notification).subject } } },
    });
  });

  it('skips an order without an address instead of failing it forever', async () => {
    const notifier = new SesShippingNotifier({ send: async () => ({}) } as never, {
      fromAddress: 'orders@shop.example.com',
    });
    const { contactEmail: _dropped, ...withoutAddress } = notification;
    expect(await notifier.notify(withoutAddress)).toEqual({
      outcome: 'skipped',
      reason: expect.stringMatching(/no e-mail address/),
    });
  });
});

describe('FileShippingNotifier', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'orders-notifications-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one JSON line per notification, creating the folder, and writes a redelivery once', async () => {
    const file = path.join(dir, 'nested', 'shipping.jsonl');
    const notifier = new FileShippingNotifier(file);
    await notifier.notify(notification);
    await notifier.notify(notification);
    await notifier.notify({ ...notification, notificationId: 'another-id' });
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      notificationId: notification.notificationId,
      to: 'alice@example.com',
      orderId: notification.orderId,
    });
  });
});
