import type { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { EventPublisher, OrderPlaced, parseEvent } from '@stratus/events';
import type { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { readOutboxRecord } from '../../../src/adapters/dynamodb/outbox-stream-records';
import { EventBridgeOrderPublisher } from '../../../src/adapters/eventbridge/eventbridge-order-publisher';
import { NotificationMessage, PaymentMessage } from '../../../src/adapters/sqs/command-message';
import { SqsCommandSender } from '../../../src/adapters/sqs/sqs-command-sender';
import type { OutboxCommand } from '../../../src/ports/outbox-command';
import type { OutboxEvent } from '../../../src/ports/outbox-event';
import { fixture } from '../../support/fixtures';

const placed = (): OutboxEvent => ({
  eventId: randomUUID(),
  event: { type: 'OrderPlaced', data: { ...OrderPlaced.examples[0], orderId: randomUUID() } },
  correlationId: 'corr-1',
  occurredAt: '2026-11-27T09:15:00.000Z',
});

describe('EventBridgeOrderPublisher', () => {
  const client = (failing: (eventId: string) => boolean = () => false) => {
    const entries: { Detail?: string }[] = [];
    return {
      entries,
      send: async (command: PutEventsCommand) => {
        const results = (command.input.Entries ?? []).map((entry) => {
          const { eventId } = JSON.parse(entry.Detail!).metadata as { eventId: string };
          if (failing(eventId)) return { ErrorCode: 'AccessDeniedException' };
          entries.push(entry);
          return { EventId: 'x' };
        });
        return {
          Entries: results,
          FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
          $metadata: {},
        };
      },
    };
  };

  it('publishes with the stored event id and time, in the catalog envelope', async () => {
    const bus = client();
    const event = placed();
    const outcome = await new EventBridgeOrderPublisher(
      new EventPublisher({ busName: 'b', client: bus }),
    ).publish([event]);
    expect(outcome).toEqual({ failedEventIds: [] });
    const sent = parseEvent(OrderPlaced, {
      source: 'stratus.orders',
      'detail-type': 'OrderPlaced',
      detail: JSON.parse(bus.entries[0]!.Detail!),
    });
    expect(sent.metadata).toMatchObject({
      eventId: event.eventId,
      correlationId: 'corr-1',
      occurredAt: event.occurredAt,
    });
  });

  it('names the events the bus refused', async () => {
    const events = [placed(), placed(), placed()];
    const bus = client((id) => id === events[1]!.eventId);
    const outcome = await new EventBridgeOrderPublisher(
      new EventPublisher({ busName: 'b', client: bus, maxAttempts: 1 }),
    ).publish(events);
    expect(outcome).toEqual({ failedEventIds: [events[1]!.eventId] });
    expect(bus.entries).toHaveLength(2);
  });

  it('keeps an event the catalog refuses from holding back the others', async () => {
    const bad = placed();
    (bad.event.data as { items: unknown[] }).items = [];
    const good = placed();
    const bus = client();
    const outcome = await new EventBridgeOrderPublisher(
      new EventPublisher({ busName: 'b', client: bus }),
    ).publish([bad, good]);
    expect(outcome).toEqual({ failedEventIds: [bad.eventId] });
    expect(bus.entries).toHaveLength(1);
  });
});

describe('SqsCommandSender', () => {
  const command = (type: 'RequestPayment' | 'NotifyShipping'): OutboxCommand => ({
    commandId: randomUUID(),
    command:
      type === 'RequestPayment'
        ? {
            type,
            orderId: randomUUID(),
            customerId: 'alice',
            reservationId: randomUUID(),
            items: [{ sku: 'MUG-001', quantity: 1 }],
          }
        : {
            type,
            orderId: randomUUID(),
            customerId: 'alice',
            items: [{ sku: 'MUG-001', quantity: 1 }],
            confirmedAt: '2026-11-27T09:15:00.000Z',
          },
    correlationId: 'corr-1',
    causationId: randomUUID(),
    occurredAt: '2026-11-27T09:15:00.000Z',
  });

  it('routes commands to their queue in batches of 10, bodies the workers accept', async () => {
    const calls: SendMessageBatchCommand[] = [];
    const sqs = {
      send: async (c: SendMessageBatchCommand) => (
        calls.push(c),
        { Successful: [], Failed: [], $metadata: {} }
      ),
    };
    const payments = Array.from({ length: 12 }, () => command('RequestPayment'));
    const notifications = [command('NotifyShipping')];
    const outcome = await new SqsCommandSender(sqs as never, {
      payments: 'q-pay',
      notifications: 'q-note',
    }).send([...payments, ...notifications]);
    expect(outcome).toEqual({ failedCommandIds: [] });
    expect(calls.map((c) => [c.input.QueueUrl, c.input.Entries!.length])).toEqual([
      ['q-pay', 10],
      ['q-pay', 2],
      ['q-note', 1],
    ]);
    const body = JSON.parse(calls[0]!.input.Entries![0]!.MessageBody!);
    expect(PaymentMessage.parse(body)).toMatchObject({
      commandId: payments[0]!.commandId,
      command: { type: 'RequestPayment' },
    });
    expect(NotificationMessage.safeParse(JSON.parse(calls[2]!.input.Entries![0]!.MessageBody!)).success).toBe(
      true,
    );
    expect(calls[0]!.input.Entries![0]!.MessageAttributes?.correlationId?.StringValue).toBe('corr-1');
  });

  it('names the commands SQS refused, and a whole batch when the call fails', async () => {
    const first = command('RequestPayment');
    const second = command('RequestPayment');
    const note = command('NotifyShipping');
    const sqs = {
      send: async (c: SendMessageBatchCommand) => {
        if (c.input.QueueUrl === 'q-note') throw new Error('queue gone');
        return {
          Successful: [{ Id: '0' }],
          Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
          $metadata: {},
        };
      },
    };
    const outcome = await new SqsCommandSender(sqs as never, {
      payments: 'q-pay',
      notifications: 'q-note',
    }).send([first, second, note]);
    expect(outcome.failedCommandIds.sort()).toEqual([second.commandId, note.commandId].sort());
  });
});

describe('readOutboxRecord', () => {
  const records = () => fixture<DynamoDBStreamEvent>('dynamodb-stream-outbox').Records;

  it('reads inserted outbox events and commands, and nothing else', () => {
    const [order, event, command] = records().map(readOutboxRecord);
    expect(order).toEqual({ kind: 'other', sequenceNumber: '100000000000000000001' });
    expect(event).toMatchObject({
      kind: 'entry',
      item: {
        sequenceNumber: '100000000000000000002',
        entry: { eventId: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b' },
      },
    });
    expect(command).toMatchObject({
      kind: 'entry',
      item: {
        entry: { commandId: '4f3e2d1c-0b9a-4f8e-9d7c-6b5a4f3e2d1c', command: { type: 'RequestPayment' } },
      },
    });
  });

  it('ignores removals (TTL) and reports an outbox item it cannot parse', () => {
    const removed: DynamoDBRecord = { ...records()[1]!, eventName: 'REMOVE' };
    expect(readOutboxRecord(removed).kind).toBe('other');
    const broken = records()[1]!;
    delete broken.dynamodb!.NewImage!.eventId;
    expect(readOutboxRecord(broken)).toMatchObject({
      kind: 'unreadable',
      sequenceNumber: '100000000000000000002',
    });
  });
});
