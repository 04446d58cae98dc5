import { InventoryReservationFailed, InventoryReserved, OrderPlaced } from '@stratus/events';
import type { EventBridgeEvent } from 'aws-lambda';
import {
  ConfigurationError,
  eventBridgeHandler,
  eventIdempotency,
  getCorrelationId,
  logger,
} from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { fixture } from '../support/fixtures';
import { lambdaContext } from '../../src/testing';
import { memoryIdempotencyStore } from '../support/memory-idempotency-store';
import { RecordingSqs } from '../support/recording-sqs';

type AnyEvent = EventBridgeEvent<string, unknown>;
const DLQ_URL = 'http://127.0.0.1:9324/000000000000/orders-events-dlq';

let output: Captured;
beforeEach(() => {
  output = captureConsole();
  process.env.DEAD_LETTER_QUEUE_URL = DLQ_URL;
});
afterEach(() => {
  output.restore();
  delete process.env.DEAD_LETTER_QUEUE_URL;
});

describe('eventBridgeHandler', () => {
  it('gives business code the parsed data and metadata of a valid event', async () => {
    const sqs = new RecordingSqs();
    const received: unknown[] = [];
    const handler = eventBridgeHandler(
      OrderPlaced,
      async ({ data, metadata }) => {
        received.push({ orderId: data.orderId, lines: data.items.length, eventId: metadata.eventId });
        logger.info('reserving');
      },
      { sqsClient: sqs },
    );
    await handler(fixture<AnyEvent>('eventbridge-order-placed'), lambdaContext());
    expect(received).toEqual([
      {
        orderId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
        lines: 2,
        eventId: '2f1d6c4e-8a7b-4c3d-9e0f-1a2b3c4d5e6f',
      },
    ]);
    expect(sqs.sent).toEqual([]);
    expect(output.logs().find((line) => line.message === 'reserving')).toMatchObject({
      correlation_id: 'corr-order-1',
    });
  });

  it('routes a poison event to the DLQ with reason, source and detail-type, and never calls business code', async () => {
    const sqs = new RecordingSqs();
    const handler = eventBridgeHandler(
      OrderPlaced,
      async () => {
        throw new Error('business code must not run');
      },
      { sqsClient: sqs },
    );
    const poison = fixture<AnyEvent>('eventbridge-order-placed-invalid');
    await expect(handler(poison, lambdaContext())).resolves.toBeUndefined();

    expect(sqs.sent).toHaveLength(1);
    const [message] = sqs.sent;
    expect(message?.QueueUrl).toBe(DLQ_URL);
    expect(JSON.parse(message?.MessageBody ?? '')).toEqual(poison);
    const attributes = message?.MessageAttributes ?? {};
    expect(attributes.source).toEqual({ DataType: 'String', StringValue: 'stratus.orders' });
    expect(attributes.detailType).toEqual({ DataType: 'String', StringValue: 'OrderPlaced' });
    expect(attributes.eventId).toEqual({
      DataType: 'String',
      StringValue: 'c1f0e2d3-4b5a-4968-8776-655443322110',
    });
    const reason = attributes.reason?.StringValue ?? '';
    for (const field of ['orderId', 'sku', 'quantity', 'coupon']) expect(reason).toContain(field);

    const logged = output.logs().find((line) => line.level === 'ERROR');
    expect(logged).toMatchObject({
      source: 'stratus.orders',
      detailType: 'OrderPlaced',
      correlation_id: 'corr-poison-1',
    });
    expect(output.metrics().some((line) => 'EventsDeadLettered' in line)).toBe(true);
  });

  it('dead-letters events of a detail-type it does not consume and non-objects', async () => {
    const sqs = new RecordingSqs();
    const handler = eventBridgeHandler(OrderPlaced, async () => undefined, { sqsClient: sqs });
    await handler(fixture<AnyEvent>('eventbridge-inventory-reserved'), lambdaContext());
    await handler('not an event' as unknown as AnyEvent, lambdaContext());
    expect(sqs.sent).toHaveLength(2);
    expect(sqs.sent[0]?.MessageAttributes?.detailType?.StringValue).toBe('InventoryReserved');
    expect(sqs.sent[1]?.MessageAttributes?.source?.StringValue).toBe('(missing)');
  });

  it('lets business errors propagate so Lambda retries and then uses the on-failure destination', async () => {
    const sqs = new RecordingSqs();
    const handler = eventBridgeHandler(
      OrderPlaced,
      async () => {
        throw new Error('DynamoDB throttled');
      },
      { sqsClient: sqs },
    );
    await expect(handler(fixture<AnyEvent>('eventbridge-order-placed'), lambdaContext())).rejects.toThrow(
      'DynamoDB throttled',
    );
    expect(sqs.sent).toEqual([]);
  });

  it('fails the invocation when the DLQ itself cannot be reached, so the event is not lost', async () => {
    const sqs = new RecordingSqs();
    sqs.failWith = new Error('SQS unavailable');
    const handler = eventBridgeHandler(OrderPlaced, async () => undefined, { sqsClient: sqs });
    await expect(
      handler(fixture<AnyEvent>('eventbridge-order-placed-invalid'), lambdaContext()),
    ).rejects.toThrow('SQS unavailable');
  });

  it('throws a configuration error naming DEAD_LETTER_QUEUE_URL when it is missing, even for valid events', async () => {
    delete process.env.DEAD_LETTER_QUEUE_URL;
    let called = false;
    const handler = eventBridgeHandler(
      OrderPlaced,
      async () => {
        called = true;
      },
      { sqsClient: new RecordingSqs() },
    );
    const run = handler(fixture<AnyEvent>('eventbridge-order-placed'), lambdaContext());
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(/DEAD_LETTER_QUEUE_URL/);
    expect(called).toBe(false);
  });

  it('consumes several contracts as a union discriminated by detailType', async () => {
    const seen: string[] = [];
    const handler = eventBridgeHandler(
      [InventoryReserved, InventoryReservationFailed],
      async (event) => {
        if (event.detailType === 'InventoryReserved') seen.push(`reserved ${event.data.reservationId}`);
        else seen.push(`failed ${event.data.reason}`);
      },
      { sqsClient: new RecordingSqs() },
    );
    await handler(fixture<AnyEvent>('eventbridge-inventory-reserved'), lambdaContext());
    expect(seen).toEqual(['reserved 5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d']);
  });

  it('sets the event correlation id for the invocation', async () => {
    let during: string | undefined;
    const handler = eventBridgeHandler(
      OrderPlaced,
      async () => {
        during = getCorrelationId();
      },
      { sqsClient: new RecordingSqs() },
    );
    await handler(fixture<AnyEvent>('eventbridge-order-placed'), lambdaContext());
    expect(during).toBe('corr-order-1');
  });

  it('skips a duplicated delivery of the same eventId when idempotency is on', async () => {
    let runs = 0;
    const handler = eventBridgeHandler(
      OrderPlaced,
      async () => {
        runs += 1;
        return { reserved: true };
      },
      {
        sqsClient: new RecordingSqs(),
        idempotency: eventIdempotency({ persistenceStore: memoryIdempotencyStore() }),
      },
    );
    const event = fixture<AnyEvent>('eventbridge-order-placed');
    await handler(event, lambdaContext());
    await handler(fixture<AnyEvent>('eventbridge-order-placed'), lambdaContext());
    expect(runs).toBe(1);
    expect(
      output
        .logs()
        .some((line) => line.message === 'Duplicate delivery skipped; returning the stored result'),
    ).toBe(true);

    const other = fixture<AnyEvent>('eventbridge-order-placed');
    (other.detail as { metadata: { eventId: string } }).metadata.eventId =
      '3a3a3a3a-1b1b-4c4c-8d8d-9e9e9e9e9e9e';
    await handler(other, lambdaContext());
    expect(runs).toBe(2);
  });
});
