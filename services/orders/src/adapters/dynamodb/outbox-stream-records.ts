import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamedEntry } from '../../application/relay-outbox';
import { OUTBOX_ITEM_TYPES, toOutboxEntry } from './order-items';

export type OutboxRecordReading =
  | { kind: 'entry'; item: StreamedEntry }
  /** Not an inserted outbox item (an order, an idempotency record, a TTL deletion): nothing to relay. */
  | { kind: 'other'; sequenceNumber: string }
  /** An outbox item that does not parse: it cannot be relayed, however often it is retried. */
  | { kind: 'unreadable'; sequenceNumber: string; reason: string };

/** Reads one record of the orders table's stream (NEW_IMAGE). */
export function readOutboxRecord(record: DynamoDBRecord): OutboxRecordReading {
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image === undefined) return { kind: 'other', sequenceNumber };
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (!(OUTBOX_ITEM_TYPES as readonly unknown[]).includes(item.type))
    return { kind: 'other', sequenceNumber };
  try {
    return { kind: 'entry', item: { sequenceNumber, entry: toOutboxEntry(item) } };
  } catch (error) {
    return {
      kind: 'unreadable',
      sequenceNumber,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}
