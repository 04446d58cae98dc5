import type { SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { eventIdempotency, sqsBatchHandler, type SqsMessageContext } from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { fixture } from '../support/fixtures';
import { lambdaContext } from '../../src/testing';
import { memoryIdempotencyStore } from '../support/memory-idempotency-store';

const Payment = z.strictObject({
  paymentId: z.string(),
  orderId: z.uuid(),
  amountCents: z.int().positive(),
});

const mixedBatch = (): SQSEvent => fixture<SQSEvent>('sqs-payments-mixed');
const only = (event: SQSEvent, ...ids: string[]): SQSEvent => ({
  Records: event.Records.filter((record) => ids.includes(record.messageId)),
});

let output: Captured;
beforeEach(() => {
  output = captureConsole();
});
afterEach(() => output.restore());

describe('sqsBatchHandler', () => {
  const build = () => {
    const charged: { paymentId: string; correlationId: string }[] = [];
    const handler = sqsBatchHandler({ body: Payment }, async (payment, message: SqsMessageContext) => {
      if (payment.paymentId === 'pay-declined-by-outage') throw new Error('payment provider timed out');
      message.logger.info('charged', { amountCents: payment.amountCents });
      charged.push({ paymentId: payment.paymentId, correlationId: message.correlationId });
    });
    return { handler, charged };
  };

  it('reports exactly the failed records of a mixed batch and processes the good ones', async () => {
    const { handler, charged } = build();
    const response = await handler(mixedBatch(), lambdaContext());
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      ['msg-handler-fails', 'msg-invalid', 'msg-not-json'].sort(),
    );
    expect(charged.map((payment) => payment.paymentId).sort()).toEqual(['pay-1', 'pay-5']);
  });

  it('logs why a poison message is refused, at error level, and counts it', async () => {
    const { handler } = build();
    await handler(mixedBatch(), lambdaContext());
    const poison = output.logs().filter((line) => line.level === 'ERROR');
    expect(poison.map((line) => line.message_id).sort()).toEqual(['msg-invalid', 'msg-not-json']);
    expect(poison.find((line) => line.message_id === 'msg-not-json')).toMatchObject({
      reason: 'Message body is not valid JSON',
      receiveCount: 3,
    });
    const invalidReason = String(poison.find((line) => line.message_id === 'msg-invalid')?.reason);
    expect(invalidReason).toContain('amountCents');
    expect(invalidReason).toContain('extra');
    expect(invalidReason).toContain('orderId');
    const emf = output.metrics().find((line) => 'PoisonMessages' in line);
    expect(emf?.PoisonMessages).toEqual([1, 1]);
  });

  it('logs transient failures at warn level with the error, for SQS to redeliver', async () => {
    const { handler } = build();
    await handler(only(mixedBatch(), 'msg-good-1', 'msg-handler-fails'), lambdaContext());
    const warning = output.logs().find((line) => line.level === 'WARN');
    expect(warning).toMatchObject({ message_id: 'msg-handler-fails', receiveCount: 2 });
    expect(JSON.stringify(warning)).toContain('payment provider timed out');
  });

  it('gives each record its correlation id: message attribute, else a fresh one', async () => {
    const { handler, charged } = build();
    await handler(mixedBatch(), lambdaContext());
    const byPayment = Object.fromEntries(
      charged.map((payment) => [payment.paymentId, payment.correlationId]),
    );
    expect(byPayment['pay-1']).toBe('corr-pay-1');
    expect(byPayment['pay-5']).toMatch(/^[0-9a-f-]{36}$/);
    const logged = output.logs().filter((line) => line.message === 'charged');
    expect(logged.find((line) => line.message_id === 'msg-good-1')).toMatchObject({
      correlation_id: 'corr-pay-1',
    });
  });

  it('returns an empty failure list when every record succeeds', async () => {
    const { handler } = build();
    expect(await handler(only(mixedBatch(), 'msg-good-1', 'msg-good-2'), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
  });

  it('throws when the whole batch fails (Powertools default), or reports all when told not to', async () => {
    const { handler } = build();
    await expect(handler(only(mixedBatch(), 'msg-not-json', 'msg-invalid'), lambdaContext())).rejects.toThrow(
      /All records failed/,
    );
    const lenient = sqsBatchHandler({ body: Payment, throwOnFullBatchFailure: false }, async () => undefined);
    const response = await lenient(only(mixedBatch(), 'msg-not-json', 'msg-invalid'), lambdaContext());
    expect(response.batchItemFailures).toHaveLength(2);
  });

  it('accepts a handler alone, giving it the parsed JSON body', async () => {
    const bodies: unknown[] = [];
    const handler = sqsBatchHandler(async (body) => {
      bodies.push(body);
    });
    const response = await handler(
      only(mixedBatch(), 'msg-good-1', 'msg-invalid', 'msg-not-json'),
      lambdaContext(),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-not-json' }]);
    expect(bodies).toContainEqual({ paymentId: 'pay-3', amountCents: -5, extra: true });
  });

  it('processes records one after another when asked, keeping order', async () => {
    const seen: string[] = [];
    const handler = sqsBatchHandler({ body: Payment, processInParallel: false }, async (payment) => {
      await new Promise((resolve) => setTimeout(resolve, payment.paymentId === 'pay-1' ? 20 : 0));
      seen.push(payment.paymentId);
    });
    await handler(only(mixedBatch(), 'msg-good-1', 'msg-good-2'), lambdaContext());
    expect(seen).toEqual(['pay-1', 'pay-5']);
  });

  it('skips a duplicated message by a key in its body when idempotency is on', async () => {
    let charges = 0;
    const handler = sqsBatchHandler(
      {
        body: Payment,
        idempotency: eventIdempotency({ keyPath: 'paymentId', persistenceStore: memoryIdempotencyStore() }),
      },
      async () => {
        charges += 1;
      },
    );
    const batch = only(mixedBatch(), 'msg-good-1');
    await handler(batch, lambdaContext());
    const again = await handler(batch, lambdaContext());
    expect(again.batchItemFailures).toEqual([]);
    expect(charges).toBe(1);
  });
});
