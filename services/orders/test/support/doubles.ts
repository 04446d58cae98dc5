import type { OrderCommandSender, SendOutcome } from '../../src/ports/command-sender';
import type { OrderEventPublisher, PublishOutcome } from '../../src/ports/event-publisher';
import type { OutboxCommand } from '../../src/ports/outbox-command';
import type { OutboxEvent } from '../../src/ports/outbox-event';
import type { ChargeRequest, ChargeResult, PaymentProvider } from '../../src/ports/payment-provider';
import type {
  NotificationResult,
  ShippingNotification,
  ShippingNotifier,
} from '../../src/ports/shipping-notifier';

/** Records what the relay published; `fail` names event ids to refuse. */
export class RecordingPublisher implements OrderEventPublisher {
  readonly published: OutboxEvent[] = [];
  fail = new Set<string>();
  async publish(events: OutboxEvent[]): Promise<PublishOutcome> {
    this.published.push(...events.filter((event) => !this.fail.has(event.eventId)));
    return {
      failedEventIds: events.filter((event) => this.fail.has(event.eventId)).map((event) => event.eventId),
    };
  }
}

/** Records what the relay sent to the queues; `fail` names command ids to refuse. */
export class RecordingSender implements OrderCommandSender {
  readonly sent: OutboxCommand[] = [];
  fail = new Set<string>();
  async send(commands: OutboxCommand[]): Promise<SendOutcome> {
    this.sent.push(...commands.filter((command) => !this.fail.has(command.commandId)));
    return { failedCommandIds: commands.filter((c) => this.fail.has(c.commandId)).map((c) => c.commandId) };
  }
}

/** A payment provider double: answers by a rule, records charges and refunds. */
export class ScriptedPayments implements PaymentProvider {
  readonly charges: ChargeRequest[] = [];
  readonly refunds: { orderId: string; paymentId: string; idempotencyKey: string }[] = [];
  constructor(private readonly answer: (request: ChargeRequest) => ChargeResult | Error) {}
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.charges.push(request);
    const result = this.answer(request);
    if (result instanceof Error) throw result;
    return result;
  }
  async refund(request: { orderId: string; paymentId: string; idempotencyKey: string }): Promise<void> {
    this.refunds.push(request);
  }
}

export class RecordingNotifier implements ShippingNotifier {
  readonly notified: ShippingNotification[] = [];
  async notify(notification: ShippingNotification): Promise<NotificationResult> {
    this.notified.push(notification);
    return { outcome: 'sent', transport: 'test' };
  }
}
