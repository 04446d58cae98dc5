import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { fixture } from './fixtures';

/** An SQS batch whose records carry these bodies (the shape of test/events/sqs-inventory-reserved.json). */
export function sqsBatch(bodies: string[]): SQSEvent {
  const template = fixture<SQSEvent>('sqs-inventory-reserved').Records[0]!;
  return {
    Records: bodies.map((body, index): SQSRecord => ({
      ...template,
      messageId: `message-${index}-${randomUUID()}`,
      body,
    })),
  };
}

/** An EventBridge event as a rule puts it into an SQS queue. */
export function busEventBody(
  detailType: string,
  data: unknown,
  metadata: { eventId?: string; correlationId?: string } = {},
): string {
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'stratus.inventory',
    account: '123456789012',
    time: '2026-11-27T09:15:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      metadata: {
        eventId: metadata.eventId ?? randomUUID(),
        correlationId: metadata.correlationId ?? 'corr-1',
        version: 1,
        occurredAt: '2026-11-27T09:15:00.000Z',
      },
      data,
    },
  });
}
