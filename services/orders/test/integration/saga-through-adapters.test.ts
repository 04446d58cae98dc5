import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { OrderCancelled, OrderConfirmed, OrderPlaced, parseEvent, type EventMetadata } from '@stratus/events';
import { createTableStreamReader, type TableStreamReader } from '@stratus/local-cloud/src/emulators/dynamodb';
import { startSqs, type RunningSqs } from '@stratus/local-cloud/src/emulators/sqs';
import { startSsmSecrets, type RunningSsmSecrets } from '@stratus/local-cloud/src/emulators/ssm-secrets';
import type {
  APIGatewayProxyResult,
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ordersTableDefinition, TTL_ATTRIBUTE } from '../../src/adapters/dynamodb/orders-table';
import { readOutboxRecord } from '../../src/adapters/dynamodb/outbox-stream-records';
import type { OutboxEvent } from '../../src/ports/outbox-event';
import { restEvent } from '../support/http';
import { lambdaContext } from '@stratus/lambda/testing';
import { busEventBody, sqsBatch } from '../support/sqs-events';
import {
  createTestTable,
  eventually,
  startCapturingEventBus,
  type CapturingEventBus,
  type TestTable,
} from '@stratus/local-cloud/testing';

/**
 * The orders saga through its real adapters: handlers wired from the environment exactly as on
 * Lambda, against DynamoDB Local (table and stream), the local EventBridge, local SQS and the
 * local SSM / Secrets Manager. Inventory is played by events put on the saga queue by hand.
 */
type Handler<E, R> = (event: E, context: Context) => Promise<R>;
const SECRET = 'stratus/test/orders/payment-provider';
const RULES = '/stratus/test/orders/payment-decline-rules';

let table: TestTable;
let stream: TableStreamReader;
/** The detail of every orders event: the Stratus envelope around the contract's data. */
type OrdersEventDetail = { metadata: EventMetadata; data: Record<string, unknown> };
let captured: CapturingEventBus<OrdersEventDetail>;
let sqs: RunningSqs;
let sqsClient: SQSClient;
let ssm: RunningSsmSecrets;
let outDir: string;
let queues: { payments: string; notifications: string };
let handlers: {
  placeOrder: Handler<unknown, APIGatewayProxyResult>;
  relay: Handler<DynamoDBStreamEvent, DynamoDBBatchResponse>;
  inventoryEvents: Handler<SQSEvent, SQSBatchResponse>;
  payments: Handler<SQSEvent, SQSBatchResponse>;
  notifications: Handler<SQSEvent, SQSBatchResponse>;
  expire: Handler<unknown, { examined: number; expired: number }>;
  getOrder: Handler<unknown, APIGatewayProxyResult>;
};

beforeAll(async () => {
  table = await createTestTable(ordersTableDefinition, TTL_ATTRIBUTE);
  stream = await createTableStreamReader({
    endpoint: process.env.STRATUS_TEST_DYNAMODB_ENDPOINT!,
    tableName: table.tableName,
    startingPosition: 'TRIM_HORIZON',
  });
  captured = await startCapturingEventBus<OrdersEventDetail>({ source: ['stratus.orders'] });
  sqs = await startSqs({ port: 0 });
  sqsClient = new SQSClient({
    endpoint: sqs.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const create = async (name: string) =>
    (await sqsClient.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  queues = {
    payments: await create('orders-test-payments'),
    notifications: await create('orders-test-notifications'),
  };
  ssm = await startSsmSecrets({
    port: 0,
    seed: {
      secrets: { [SECRET]: { merchantId: 'test-merchant', apiKey: 'test-simulated-provider-key' } },
      parameters: { [RULES]: '{"declineCustomers":["mallory"]}' },
    },
  });
  outDir = mkdtempSync(path.join(tmpdir(), 'orders-saga-'));
  // The handlers reach the emulators exactly as on Lambda: through the SDK's endpoint variables.
  Object.assign(process.env, {
    ORDERS_TABLE_NAME: table.tableName,
    EVENT_BUS_NAME: captured.busName,
    AWS_ENDPOINT_URL_DYNAMODB: process.env.STRATUS_TEST_DYNAMODB_ENDPOINT,
    AWS_ENDPOINT_URL_EVENTBRIDGE: captured.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: ssm.endpoint,
    PAYMENTS_QUEUE_URL: queues.payments,
    NOTIFICATIONS_QUEUE_URL: queues.notifications,
    PAYMENT_PROVIDER: 'simulated',
    PAYMENT_PROVIDER_SECRET_NAME: SECRET,
    PAYMENT_DECLINE_RULES_PARAMETER: RULES,
    NOTIFICATIONS_TRANSPORT: 'file',
    NOTIFICATIONS_OUTBOX_FILE: path.join(outDir, 'shipping.jsonl'),
    PENDING_TIMEOUT_SECONDS: '300',
  });
  handlers = {
    placeOrder: (await import('../../src/handlers/place-order')).handler as never,
    relay: (await import('../../src/handlers/relay-outbox')).handler as never,
    inventoryEvents: (await import('../../src/handlers/inventory-events')).handler as never,
    payments: (await import('../../src/handlers/payments')).handler as never,
    notifications: (await import('../../src/handlers/notifications')).handler as never,
    expire: (await import('../../src/handlers/expire-orders')).handler as never,
    getOrder: (await import('../../src/handlers/get-order')).handler as never,
  };
});

afterAll(async () => {
  stream?.close();
  sqsClient?.destroy();
  await Promise.all([captured?.stop(), sqs?.stop(), ssm?.stop()]);
  await table?.drop();
  rmSync(outDir, { recursive: true, force: true });
});

/** Every stream record written since the last call (the relay's event source, played by hand). */
async function streamRecords(minimum = 1): Promise<DynamoDBRecord[]> {
  const records: DynamoDBRecord[] = [];
  await eventually(`${minimum} stream record(s)`, async () => {
    records.push(...(await stream.poll()));
    return records.length >= minimum ? records : undefined;
  });
  // Whatever else is already there (DynamoDB Local writes the stream synchronously).
  records.push(...(await stream.poll()));
  return records;
}

async function relayStream(): Promise<DynamoDBRecord[]> {
  const records = await streamRecords();
  const result = await handlers.relay({ Records: records }, lambdaContext());
  expect(result.batchItemFailures).toEqual([]);
  return records;
}

/** Receives what the relay put on a queue and hands it to a worker as an SQS event. */
async function drainTo(
  queueUrl: string,
  worker: Handler<SQSEvent, SQSBatchResponse>,
  expected = 1,
): Promise<string[]> {
  const bodies: string[] = [];
  await eventually(`${expected} message(s) on ${queueUrl}`, async () => {
    const received = await sqsClient.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    bodies.push(...(received.Messages ?? []).map((message) => message.Body!));
    return bodies.length >= expected ? bodies : undefined;
  });
  const result = await worker(sqsBatch(bodies), lambdaContext());
  expect(result.batchItemFailures).toEqual([]);
  return bodies;
}

async function placeOrder(customer: string, items = [{ sku: 'MUG-001', quantity: 2 }]): Promise<string> {
  const answer = await handlers.placeOrder(
    restEvent('post-orders', {
      caller: { sub: customer, role: 'customer', email: `${customer}@example.com` },
      body: { items },
      headers: { 'Idempotency-Key': `key-${randomUUID()}` },
    }),
    lambdaContext(),
  );
  expect(answer.statusCode).toBe(202);
  return (JSON.parse(answer.body) as { orderId: string }).orderId;
}

const statusOf = async (orderId: string) => {
  const answer = await handlers.getOrder(
    restEvent('get-order', { caller: { sub: 'ops', role: 'admin' }, pathParameters: { orderId } }),
    lambdaContext(),
  );
  return JSON.parse(answer.body) as { status: string; cancellationReason?: string };
};

const deliveredOf = (orderId: string, detailType: string) =>
  captured.delivered.filter(
    (event) => event['detail-type'] === detailType && event.detail.data.orderId === orderId,
  );

const reserve = (orderId: string, reservationId = randomUUID(), holdMs = 600_000) =>
  handlers.inventoryEvents(
    sqsBatch([
      busEventBody('InventoryReserved', {
        orderId,
        reservationId,
        lines: [{ sku: 'MUG-001', quantity: 2 }],
        reservedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + holdMs).toISOString(),
      }),
    ]),
    lambdaContext(),
  );

describe('the orders saga through its adapters', () => {
  it('publishes OrderPlaced from the stream with the id stored in the outbox, the same id on every retry', async () => {
    const orderId = await placeOrder('alice');
    const records = await relayStream();
    const stored = records
      .map(readOutboxRecord)
      .flatMap((reading) => (reading.kind === 'entry' ? [reading.item.entry as OutboxEvent] : []))
      .find((entry) => entry.event.data.orderId === orderId)!;
    const [first] = await eventually('OrderPlaced on the bus', () => {
      const found = deliveredOf(orderId, 'OrderPlaced');
      return found.length > 0 ? found : undefined;
    });
    const parsed = parseEvent(OrderPlaced, first as never);
    expect(parsed.metadata.eventId).toBe(stored.eventId);
    expect(parsed.metadata.correlationId).toBe('corr-post-orders-1');
    expect(parsed.data).toMatchObject({
      orderId,
      customerId: 'alice',
      items: [{ sku: 'MUG-001', quantity: 2 }],
    });

    // The stream delivers the batch again (a retry): the bus gets the same event, by id.
    await handlers.relay({ Records: records }, lambdaContext());
    const again = await eventually('the retried OrderPlaced', () => {
      const found = deliveredOf(orderId, 'OrderPlaced');
      return found.length > 1 ? found : undefined;
    });
    expect(new Set(again.map((event) => event.detail.metadata.eventId))).toEqual(new Set([stored.eventId]));
  });

  it('takes a reserved order to CONFIRMED: payment request through the outbox and the queue, the provider credentials from Secrets Manager, a shipping notification', async () => {
    const orderId = await placeOrder('carol');
    await relayStream();
    const reservationId = randomUUID();
    expect((await reserve(orderId, reservationId)).batchItemFailures).toEqual([]);
    expect((await statusOf(orderId)).status).toBe('RESERVED');

    await relayStream();
    const [paymentRequest] = await drainTo(queues.payments, handlers.payments);
    expect(JSON.parse(paymentRequest!)).toMatchObject({
      command: { type: 'RequestPayment', orderId, reservationId },
    });
    expect((await statusOf(orderId)).status).toBe('CONFIRMED');

    await relayStream();
    const confirmed = await eventually(
      'OrderConfirmed on the bus',
      () => deliveredOf(orderId, 'OrderConfirmed')[0],
    );
    expect(parseEvent(OrderConfirmed, confirmed as never).data).toMatchObject({ orderId, reservationId });
    await drainTo(queues.notifications, handlers.notifications);
    const lines = readFileSync(path.join(outDir, 'shipping.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ orderId, to: 'carol@example.com', customerId: 'carol' }),
    );
  });

  it('cancels an order the provider declines (rules from SSM) and announces the release of its reservation', async () => {
    const orderId = await placeOrder('mallory');
    await relayStream();
    const reservationId = randomUUID();
    await reserve(orderId, reservationId);
    await relayStream();
    await drainTo(queues.payments, handlers.payments);
    expect(await statusOf(orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'PAYMENT_DECLINED',
    });
    await relayStream();
    const cancelled = await eventually(
      'OrderCancelled on the bus',
      () => deliveredOf(orderId, 'OrderCancelled')[0],
    );
    expect(parseEvent(OrderCancelled, cancelled as never).data).toMatchObject({
      reason: 'PAYMENT_DECLINED',
      reservationId,
    });
  });

  it('expires, without a charge, a reserved order whose payment request arrives after expiresAt', async () => {
    const orderId = await placeOrder('grace');
    await relayStream();
    const reservationId = randomUUID();
    expect((await reserve(orderId, reservationId, 1_000)).batchItemFailures).toEqual([]);
    await relayStream();
    // The sweeper does not run here: only the payment worker can notice the deadline.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await drainTo(queues.payments, handlers.payments);
    expect(await statusOf(orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'RESERVATION_EXPIRED',
    });

    const records = await relayStream();
    const cancelled = await eventually(
      'OrderCancelled on the bus',
      () => deliveredOf(orderId, 'OrderCancelled')[0],
    );
    expect(parseEvent(OrderCancelled, cancelled as never).data).toMatchObject({
      reason: 'RESERVATION_EXPIRED',
      reservationId,
    });
    expect(deliveredOf(orderId, 'OrderConfirmed')).toEqual([]);
    // Nothing to refund: no charge was made, so no RefundPayment was written.
    const commands = records
      .map(readOutboxRecord)
      .filter(
        (reading) =>
          reading.kind === 'entry' &&
          'command' in reading.item.entry &&
          reading.item.entry.command.orderId === orderId,
      );
    expect(commands).toEqual([]);
  });

  it('ignores a redelivered inventory event: one payment request only', async () => {
    const orderId = await placeOrder('dave');
    await relayStream();
    const body = busEventBody('InventoryReserved', {
      orderId,
      reservationId: randomUUID(),
      lines: [{ sku: 'MUG-001', quantity: 2 }],
      reservedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    });
    await handlers.inventoryEvents(sqsBatch([body]), lambdaContext());
    await handlers.inventoryEvents(sqsBatch([body, body]), lambdaContext());
    const records = await relayStream();
    const requests = records
      .map(readOutboxRecord)
      .filter(
        (reading) =>
          reading.kind === 'entry' &&
          'command' in reading.item.entry &&
          reading.item.entry.command.orderId === orderId,
      );
    expect(requests).toHaveLength(1);
    await drainTo(queues.payments, handlers.payments);
  });

  it('expires an order whose deadline passed (version-conditional, through the sparse deadline index)', async () => {
    process.env.PENDING_TIMEOUT_SECONDS = '1';
    let orderId: string;
    try {
      orderId = await placeOrder('erin');
    } finally {
      process.env.PENDING_TIMEOUT_SECONDS = '300';
    }
    await relayStream();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const result = await handlers.expire({}, lambdaContext());
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(await statusOf(orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'RESERVATION_EXPIRED',
    });
    // Inventory's late answer meets a cancelled order: the reservation is given back.
    await reserve(orderId);
    await relayStream();
    const releases = await eventually('the releasing OrderCancelled', () => {
      const found = deliveredOf(orderId, 'OrderCancelled');
      return found.length >= 2 ? found : undefined;
    });
    expect(releases.at(-1)!.detail.data).toMatchObject({
      reason: 'RESERVATION_EXPIRED',
      reservationId: expect.any(String),
    });
  });
});

describe('payment worker configuration', () => {
  it('fails the record (SQS retries it, then its DLQ) when the provider secret is missing; the order stays RESERVED', async () => {
    const orderId = await placeOrder('frank');
    await relayStream();
    await reserve(orderId);
    await relayStream();
    const received = await eventually('the payment request', async () => {
      const answer = await sqsClient.send(
        new ReceiveMessageCommand({ QueueUrl: queues.payments, MaxNumberOfMessages: 1 }),
      );
      return answer.Messages?.[0];
    });
    const { paymentsHandler } = await import('../../src/handlers/payments');
    const { ordersDependencies } = await import('../../src/handlers/wiring');
    const { SimulatedPaymentProvider } =
      await import('../../src/adapters/payments/simulated-payment-provider');
    const { getSecretJson } = await import('@stratus/lambda');
    const { PaymentProviderCredentials } =
      await import('../../src/adapters/payments/simulated-payment-provider');
    const withoutSecret = paymentsHandler(() => ({
      ...ordersDependencies(),
      payments: new SimulatedPaymentProvider({
        credentials: () => getSecretJson('stratus/test/orders/no-such-secret', PaymentProviderCredentials),
        declineRules: async () => ({ declineCustomers: [], declineSkus: [] }),
      }),
    })) as unknown as Handler<SQSEvent, SQSBatchResponse>;
    await expect(withoutSecret(sqsBatch([received.Body!]), lambdaContext())).rejects.toThrow();
    expect((await statusOf(orderId)).status).toBe('RESERVED');
  });
});
