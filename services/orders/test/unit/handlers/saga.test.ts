import type {
  DynamoDBStreamEvent,
  SQSBatchResponse,
  SQSEvent,
  DynamoDBBatchResponse,
  Context,
} from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { Order } from '../../../src/domain/order';
import { placeOrder } from '../../../src/domain/place-order';
import { expireOrdersHandler } from '../../../src/handlers/expire-orders';
import { inventoryEventsHandler } from '../../../src/handlers/inventory-events';
import { notificationsHandler } from '../../../src/handlers/notifications';
import { paymentsHandler } from '../../../src/handlers/payments';
import { relayOutboxHandler } from '../../../src/handlers/relay-outbox';
import type { OutboxCommand } from '../../../src/ports/outbox-command';
import { isOutboxCommand } from '../../../src/ports/outbox-event';
import {
  RecordingNotifier,
  RecordingPublisher,
  RecordingSender,
  ScriptedPayments,
} from '../../support/doubles';
import { captureEmf, metricsOf } from '../../support/emf';
import { fixture } from '../../support/fixtures';
import { lambdaContext } from '@stratus/lambda/testing';
import { busEventBody, sqsBatch } from '../../support/sqs-events';
import { testDependencies, type TestDependencies } from '../../support/test-dependencies';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;
const RESERVATION = '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d';

let deps: TestDependencies;
let emf: ReturnType<typeof captureEmf>;
beforeEach(() => {
  deps = testDependencies();
  emf = captureEmf();
});
afterEach(() => emf.restore());

function givenPendingOrder(customerId = 'alice', items = [{ sku: 'MUG-001', quantity: 2 }]): Order {
  const { order } = placeOrder({
    orderId: randomUUID(),
    customerId,
    correlationId: 'corr-saga',
    request: { items },
    now: deps.clock.now(),
    pendingTimeoutSeconds: 300,
    contactEmail: 'alice@example.com',
  });
  deps.store.orders.set(order.orderId, order);
  return order;
}

const reservedData = (orderId: string) => ({
  orderId,
  reservationId: RESERVATION,
  lines: [{ sku: 'MUG-001', quantity: 2 }],
  reservedAt: '2026-11-27T09:15:00.480Z',
  expiresAt: '2026-11-27T09:30:00.480Z',
});

const inventoryEvents = () =>
  inventoryEventsHandler(() => deps) as unknown as Handler<SQSEvent, SQSBatchResponse>;
const commandsOf = (orderId: string) =>
  deps.store.entriesOf(orderId).filter(isOutboxCommand) as OutboxCommand[];

describe('inventory events consumer', () => {
  it('moves a reserved order on and writes its payment request with the change (fixture)', async () => {
    const order = givenPendingOrder();
    const event = fixture<SQSEvent>('sqs-inventory-reserved');
    event.Records[0]!.body = event.Records[0]!.body.replace(
      '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
      order.orderId,
    );
    const result = await inventoryEvents()(event, lambdaContext());
    expect(result.batchItemFailures).toEqual([]);
    expect(await deps.store.get(order.orderId)).toMatchObject({
      status: 'RESERVED',
      reservationId: RESERVATION,
      deadline: '2026-11-27T09:30:00.480Z',
    });
    expect(commandsOf(order.orderId)).toEqual([
      expect.objectContaining({
        command: expect.objectContaining({
          type: 'RequestPayment',
          orderId: order.orderId,
          reservationId: RESERVATION,
        }),
        correlationId: 'corr-saga',
        causationId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      }),
    ]);
  });

  it('drops a duplicate delivery by event id, even of an event that caused a compensation', async () => {
    const order = givenPendingOrder();
    // Cancelled before inventory answered: the late reservation must be given back, once.
    deps.store.orders.set(order.orderId, {
      ...order,
      status: 'CANCELLED',
      version: 2,
      cancellation: { reason: 'CANCELLED_BY_CUSTOMER', at: deps.clock.now().toISOString() },
    } as Order);
    const body = busEventBody('InventoryReserved', reservedData(order.orderId), { eventId: randomUUID() });
    await inventoryEvents()(sqsBatch([body]), lambdaContext());
    await inventoryEvents()(sqsBatch([body]), lambdaContext());
    const released = deps.store.entriesOf(order.orderId);
    expect(released).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({
          type: 'OrderCancelled',
          data: expect.objectContaining({ reservationId: RESERVATION }),
        }),
      }),
    ]);
  });

  it('cancels on a failed reservation with its reason and counts it by reason', async () => {
    const order = givenPendingOrder();
    const body = busEventBody('InventoryReservationFailed', {
      orderId: order.orderId,
      reason: 'UNKNOWN_SKU',
      lines: [{ sku: 'MUG-001', requested: 2, available: 0, reason: 'UNKNOWN_SKU' }],
      failedAt: '2026-11-27T09:15:01.000Z',
    });
    await inventoryEvents()(sqsBatch([body]), lambdaContext());
    expect(await deps.store.get(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'UNKNOWN_SKU' },
    });
    expect(metricsOf(emf.documents)).toContainEqual([
      'OrdersCancelled',
      1,
      { service: 'orders', reason: 'UNKNOWN_SKU' },
    ]);
  });

  it('reports only the records that failed: a poison body and an unknown order, not the good one', async () => {
    const order = givenPendingOrder();
    const event = sqsBatch([
      'not json',
      busEventBody('InventoryReserved', reservedData(randomUUID())),
      busEventBody('InventoryReserved', reservedData(order.orderId)),
      busEventBody('StockLow', {
        sku: 'MUG-001',
        available: 1,
        threshold: 5,
        detectedAt: '2026-11-27T09:15:00.000Z',
      }),
    ]);
    const result = await inventoryEvents()(event, lambdaContext());
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      [event.Records[0]!.messageId, event.Records[1]!.messageId, event.Records[3]!.messageId].sort(),
    );
    expect((await deps.store.get(order.orderId))?.status).toBe('RESERVED');
  });

  it('cancels an order whose hold inventory let expire, out of order with a late reservation', async () => {
    const order = givenPendingOrder();
    await inventoryEvents()(
      sqsBatch([
        busEventBody('InventoryReleased', {
          orderId: order.orderId,
          reservationId: RESERVATION,
          reason: 'RESERVATION_EXPIRED',
          lines: [{ sku: 'MUG-001', quantity: 2 }],
          releasedAt: '2026-11-27T09:31:00.000Z',
        }),
      ]),
      lambdaContext(),
    );
    await inventoryEvents()(
      sqsBatch([busEventBody('InventoryReserved', reservedData(order.orderId))]),
      lambdaContext(),
    );
    expect(await deps.store.get(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'RESERVATION_EXPIRED' },
    });
    expect(commandsOf(order.orderId)).toEqual([]);
  });
});

describe('payment worker', () => {
  async function reserve(order: Order): Promise<OutboxCommand> {
    await inventoryEvents()(
      sqsBatch([busEventBody('InventoryReserved', reservedData(order.orderId))]),
      lambdaContext(),
    );
    return commandsOf(order.orderId)[0]!;
  }
  const messageOf = (command: OutboxCommand) =>
    JSON.stringify({
      commandId: command.commandId,
      correlationId: command.correlationId,
      ...(command.causationId ? { causationId: command.causationId } : {}),
      issuedAt: command.occurredAt,
      command: command.command,
    });
  const worker = (payments: ScriptedPayments) =>
    paymentsHandler(() => ({ ...deps, payments })) as unknown as Handler<SQSEvent, SQSBatchResponse>;

  it('confirms a paid order, queues its shipping notification, and counts it', async () => {
    const order = givenPendingOrder();
    const request = await reserve(order);
    const payments = new ScriptedPayments(() => ({ outcome: 'approved', paymentId: 'pay-1' }));
    const result = await worker(payments)(sqsBatch([messageOf(request)]), lambdaContext());
    expect(result.batchItemFailures).toEqual([]);
    expect(payments.charges).toEqual([
      {
        orderId: order.orderId,
        customerId: 'alice',
        items: [{ sku: 'MUG-001', quantity: 2 }],
        idempotencyKey: `charge:${order.orderId}:${RESERVATION}`,
      },
    ]);
    expect(await deps.store.get(order.orderId)).toMatchObject({ status: 'CONFIRMED', paymentId: 'pay-1' });
    const after = deps.store.entriesOf(order.orderId);
    expect(after.map((entry) => ('event' in entry ? entry.event.type : entry.command.type))).toEqual([
      'RequestPayment',
      'OrderConfirmed',
      'NotifyShipping',
    ]);
    expect(commandsOf(order.orderId)[1]).toMatchObject({
      command: { contactEmail: 'alice@example.com' },
      causationId: request.commandId,
    });
    expect(metricsOf(emf.documents)).toContainEqual(['OrdersConfirmed', 1, { service: 'orders' }]);
  });

  it('cancels a declined order (PAYMENT_DECLINED), which releases its stock', async () => {
    const order = givenPendingOrder('mallory');
    const request = await reserve(order);
    await worker(new ScriptedPayments(() => ({ outcome: 'declined', declineReason: 'CARD_DECLINED' })))(
      sqsBatch([messageOf(request)]),
      lambdaContext(),
    );
    expect(await deps.store.get(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'PAYMENT_DECLINED', detail: 'CARD_DECLINED' },
    });
    expect(deps.store.entriesOf(order.orderId).at(-1)).toMatchObject({
      event: { type: 'OrderCancelled', data: { reservationId: RESERVATION } },
    });
  });

  it('does not charge twice when the request is delivered again after the order was confirmed', async () => {
    const order = givenPendingOrder();
    const request = await reserve(order);
    const payments = new ScriptedPayments(() => ({ outcome: 'approved', paymentId: 'pay-1' }));
    await worker(payments)(sqsBatch([messageOf(request)]), lambdaContext());
    await worker(payments)(sqsBatch([messageOf(request)]), lambdaContext());
    expect(payments.charges).toHaveLength(1);
    expect(deps.store.entriesOf(order.orderId)).toHaveLength(3);
  });

  it('does not charge an order the customer cancelled in the meantime', async () => {
    const order = givenPendingOrder();
    const request = await reserve(order);
    const current = (await deps.store.get(order.orderId))!;
    deps.store.orders.set(order.orderId, {
      ...current,
      status: 'CANCELLED',
      version: current.version + 1,
      cancellation: { reason: 'CANCELLED_BY_CUSTOMER', at: deps.clock.now().toISOString() },
    } as Order);
    const payments = new ScriptedPayments(() => ({ outcome: 'approved', paymentId: 'pay-1' }));
    await worker(payments)(sqsBatch([messageOf(request)]), lambdaContext());
    expect(payments.charges).toEqual([]);
  });

  it('does not charge an order whose reservation expired before its payment request arrived: it expires it', async () => {
    const order = givenPendingOrder();
    const request = await reserve(order);
    // The sweeper is down: the order is still RESERVED when its deadline (expiresAt) has passed.
    deps.clock.set('2026-11-27T09:30:00.480Z');
    const payments = new ScriptedPayments(() => ({ outcome: 'approved', paymentId: 'pay-1' }));
    const result = await worker(payments)(sqsBatch([messageOf(request)]), lambdaContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(payments.charges).toEqual([]);
    expect(await deps.store.get(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      reservationId: RESERVATION,
      cancellation: { reason: 'RESERVATION_EXPIRED' },
    });
    // Cancelled as the other cancellations are: OrderCancelled through the outbox, naming the
    // reservation so that inventory releases the hold if it still holds it.
    const entries = deps.store.entriesOf(order.orderId);
    expect(entries.map((entry) => ('event' in entry ? entry.event.type : entry.command.type))).toEqual([
      'RequestPayment',
      'OrderCancelled',
    ]);
    expect(entries[1]).toMatchObject({
      event: { data: { reason: 'RESERVATION_EXPIRED', reservationId: RESERVATION } },
      causationId: request.commandId,
    });
    expect(metricsOf(emf.documents)).toContainEqual([
      'OrdersCancelled',
      1,
      { service: 'orders', reason: 'RESERVATION_EXPIRED' },
    ]);

    // A redelivery of the request charges nothing and cancels nothing twice.
    await worker(payments)(sqsBatch([messageOf(request)]), lambdaContext());
    expect(payments.charges).toEqual([]);
    expect(deps.store.entriesOf(order.orderId)).toHaveLength(2);
  });

  it('refunds a charge that ends after the reservation expired, and cancels the order', async () => {
    const order = givenPendingOrder();
    const request = await reserve(order);
    // Checked in time, but the provider answers after expiresAt.
    const payments = new ScriptedPayments(() => {
      deps.clock.set('2026-11-27T09:30:01.000Z');
      return { outcome: 'approved', paymentId: 'pay-late' };
    });
    await worker(payments)(sqsBatch([messageOf(request)]), lambdaContext());

    expect(payments.charges).toHaveLength(1);
    expect(await deps.store.get(order.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'RESERVATION_EXPIRED' },
    });
    const entries = deps.store.entriesOf(order.orderId);
    expect(entries.map((entry) => ('event' in entry ? entry.event.type : entry.command.type))).toEqual([
      'RequestPayment',
      'OrderCancelled',
      'RefundPayment',
    ]);
    expect(metricsOf(emf.documents)).not.toContainEqual(['OrdersConfirmed', 1, { service: 'orders' }]);

    // The refund command goes through the same worker, to the provider.
    const refund = commandsOf(order.orderId).find((entry) => entry.command.type === 'RefundPayment')!;
    const result = await worker(payments)(sqsBatch([messageOf(refund)]), lambdaContext());
    expect(result.batchItemFailures).toEqual([]);
    expect(payments.refunds).toEqual([
      { orderId: order.orderId, paymentId: 'pay-late', idempotencyKey: 'refund:pay-late' },
    ]);
  });

  it('leaves a provider outage to the queue (the record fails and is retried)', async () => {
    const order = givenPendingOrder();
    const request = await reserve(order);
    const event = sqsBatch([messageOf(request)]);
    const result = await worker(new ScriptedPayments(() => new Error('provider timed out')))(
      event,
      lambdaContext(),
    ).catch((error: unknown) => error);
    // Every record of the batch failed: the kit throws so Lambda backs off polling.
    expect(result).toBeInstanceOf(Error);
    expect((await deps.store.get(order.orderId))?.status).toBe('RESERVED');
  });

  it('refunds a payment when asked', async () => {
    const payments = new ScriptedPayments(() => ({ outcome: 'approved', paymentId: 'x' }));
    const body = JSON.stringify({
      commandId: randomUUID(),
      correlationId: 'corr',
      issuedAt: '2026-11-27T09:15:00.000Z',
      command: {
        type: 'RefundPayment',
        orderId: randomUUID(),
        paymentId: 'pay-9',
        why: 'order was cancelled',
      },
    });
    const result = await worker(payments)(sqsBatch([body]), lambdaContext());
    expect(result.batchItemFailures).toEqual([]);
    expect(payments.refunds).toEqual([
      expect.objectContaining({ paymentId: 'pay-9', idempotencyKey: 'refund:pay-9' }),
    ]);
  });

  it('fails a message that is not a payment command', async () => {
    const event = sqsBatch([JSON.stringify({ commandId: 'x', command: { type: 'Nope' } })]);
    await expect(
      worker(new ScriptedPayments(() => ({ outcome: 'approved', paymentId: 'x' })))(event, lambdaContext()),
    ).rejects.toThrow();
  });
});

describe('notification worker', () => {
  it('hands each shipping notification to the transport with its command id', async () => {
    const notifier = new RecordingNotifier();
    const commandId = randomUUID();
    const orderId = randomUUID();
    const handler = notificationsHandler(() => notifier) as unknown as Handler<SQSEvent, SQSBatchResponse>;
    const body = JSON.stringify({
      commandId,
      correlationId: 'corr',
      issuedAt: '2026-11-27T09:15:00.000Z',
      command: {
        type: 'NotifyShipping',
        orderId,
        customerId: 'alice',
        contactEmail: 'alice@example.com',
        items: [{ sku: 'MUG-001', quantity: 1 }],
        confirmedAt: '2026-11-27T09:15:00.000Z',
      },
    });
    expect((await handler(sqsBatch([body]), lambdaContext())).batchItemFailures).toEqual([]);
    expect(notifier.notified).toEqual([
      {
        notificationId: commandId,
        orderId,
        customerId: 'alice',
        contactEmail: 'alice@example.com',
        items: [{ sku: 'MUG-001', quantity: 1 }],
        confirmedAt: '2026-11-27T09:15:00.000Z',
      },
    ]);
  });
});

describe('outbox relay', () => {
  const relay = (publisher: RecordingPublisher, sender: RecordingSender) =>
    relayOutboxHandler(() => ({ publisher, sender })) as unknown as Handler<
      DynamoDBStreamEvent,
      DynamoDBBatchResponse
    >;

  it('publishes events and sends commands with their stored ids, skipping other items (fixture)', async () => {
    const publisher = new RecordingPublisher();
    const sender = new RecordingSender();
    const result = await relay(publisher, sender)(
      fixture<DynamoDBStreamEvent>('dynamodb-stream-outbox'),
      lambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(publisher.published).toEqual([
      {
        eventId: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
        event: {
          type: 'OrderPlaced',
          data: {
            orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
            customerId: 'alice',
            items: [
              { sku: 'TSHIRT-RED-XL', quantity: 2 },
              { sku: 'MUG-001', quantity: 1 },
            ],
            placedAt: '2026-11-27T09:15:00.000Z',
          },
        },
        correlationId: 'corr-post-orders-1',
        occurredAt: '2026-11-27T09:15:00.000Z',
      },
    ]);
    expect(sender.sent).toEqual([
      expect.objectContaining({
        commandId: '4f3e2d1c-0b9a-4f8e-9d7c-6b5a4f3e2d1c',
        command: expect.objectContaining({ type: 'RequestPayment', reservationId: RESERVATION }),
        causationId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      }),
    ]);
  });

  it('names the first entry that did not go out, so the stream retries from there', async () => {
    const publisher = new RecordingPublisher();
    const sender = new RecordingSender();
    sender.fail.add('4f3e2d1c-0b9a-4f8e-9d7c-6b5a4f3e2d1c');
    const result = await relay(publisher, sender)(
      fixture<DynamoDBStreamEvent>('dynamodb-stream-outbox'),
      lambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '100000000000000000003' }]);

    publisher.fail.add('3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b');
    const both = await relay(publisher, sender)(
      fixture<DynamoDBStreamEvent>('dynamodb-stream-outbox'),
      lambdaContext(),
    );
    expect(both.batchItemFailures).toEqual([{ itemIdentifier: '100000000000000000002' }]);
  });

  it('stops in front of an outbox item it cannot read, relaying what came before', async () => {
    const event = fixture<DynamoDBStreamEvent>('dynamodb-stream-outbox');
    delete event.Records[2]!.dynamodb!.NewImage!.command;
    const publisher = new RecordingPublisher();
    const sender = new RecordingSender();
    const result = await relay(publisher, sender)(event, lambdaContext());
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '100000000000000000003' }]);
    expect(publisher.published).toHaveLength(1);
    expect(sender.sent).toHaveLength(0);
  });
});

describe('deadline sweeper', () => {
  it('cancels open orders past their deadline with RESERVATION_EXPIRED and leaves the rest', async () => {
    const overdue = givenPendingOrder();
    deps.clock.advance(10 * 60_000);
    const fresh = givenPendingOrder();
    const handler = expireOrdersHandler(() => deps) as unknown as Handler<
      unknown,
      { examined: number; expired: number }
    >;
    const result = await handler({}, lambdaContext());
    expect(result).toMatchObject({ examined: 1, expired: 1 });
    expect(await deps.store.get(overdue.orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'RESERVATION_EXPIRED' },
    });
    expect((await deps.store.get(fresh.orderId))?.status).toBe('PENDING');
    expect(deps.store.entriesOf(overdue.orderId)).toEqual([
      expect.objectContaining({ event: expect.objectContaining({ type: 'OrderCancelled' }) }),
    ]);
    expect(metricsOf(emf.documents)).toContainEqual([
      'OrdersCancelled',
      1,
      { service: 'orders', reason: 'RESERVATION_EXPIRED' },
    ]);
  });
});
