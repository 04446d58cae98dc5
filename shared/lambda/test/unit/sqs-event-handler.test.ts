import { InventoryReserved, OrderPlaced } from '@stratus/events';
import type { SQSEvent } from 'aws-lambda';
import { eventIdempotency, sqsEventHandler } from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { fixture } from '../support/fixtures';
import { lambdaContext } from '../../src/testing';
import { memoryIdempotencyStore } from '../support/memory-idempotency-store';

let output: Captured;
beforeEach(() => {
  output = captureConsole();
});
afterEach(() => output.restore());

const envelopes = (): SQSEvent => fixture<SQSEvent>('sqs-eventbridge-envelopes');

describe('sqsEventHandler', () => {
  it('parses EventBridge events from message bodies and fails the ones no contract accepts', async () => {
    const consumed: string[] = [];
    const handler = sqsEventHandler([OrderPlaced, InventoryReserved], async (event, message) => {
      consumed.push(`${event.detailType}:${event.metadata.eventId}:${message.correlationId}`);
    });
    const response = await handler(envelopes(), lambdaContext());
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      ['eb-invalid', 'eb-not-json', 'eb-unknown-type'].sort(),
    );
    expect(consumed.sort()).toEqual([
      'InventoryReserved:9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d:corr-order-1',
      'OrderPlaced:2f1d6c4e-8a7b-4c3d-9e0f-1a2b3c4d5e6f:corr-order-1',
    ]);
    const refused = output.logs().filter((line) => line.level === 'ERROR');
    expect(refused.map((line) => line.message_id).sort()).toEqual([
      'eb-invalid',
      'eb-not-json',
      'eb-unknown-type',
    ]);
    expect(String(refused.find((line) => line.message_id === 'eb-unknown-type')?.reason)).toContain(
      'OrderShipped',
    );
  });

  it('accepts a single contract and refuses the others', async () => {
    const handler = sqsEventHandler(OrderPlaced, async ({ data }) => {
      expect(data.customerId).toBe('alice');
    });
    const response = await handler(envelopes(), lambdaContext());
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toContain('eb-reserved');
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).not.toContain('eb-placed');
  });

  it('processes each eventId once across redeliveries when idempotency is on', async () => {
    let runs = 0;
    const handler = sqsEventHandler(
      OrderPlaced,
      async () => {
        runs += 1;
      },
      { idempotency: eventIdempotency({ persistenceStore: memoryIdempotencyStore() }) },
    );
    const placedOnly = (): SQSEvent => ({
      Records: envelopes().Records.filter((r) => r.messageId === 'eb-placed'),
    });
    await handler(placedOnly(), lambdaContext());
    const redelivered = await handler(placedOnly(), lambdaContext());
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(runs).toBe(1);
  });
});
