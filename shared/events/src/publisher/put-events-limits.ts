import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** PutEvents accepts at most 10 entries per call. */
export const MAX_ENTRIES_PER_CALL = 10;
/** ...whose entry sizes add up to at most 256 KB. */
export const MAX_REQUEST_BYTES = 256 * 1024;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Size of one entry as EventBridge counts it ("Calculating PutEvents event entry size"):
 * 14 bytes for Time when set, plus the UTF-8 bytes of Source, DetailType, Detail and each Resource.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  size += utf8Bytes(entry.Source ?? '');
  size += utf8Bytes(entry.DetailType ?? '');
  size += utf8Bytes(entry.Detail ?? '');
  for (const resource of entry.Resources ?? []) size += utf8Bytes(resource);
  return size;
}
