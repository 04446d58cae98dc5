import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { isPlainObject, parseJsonPreservingNumbers } from './json-text';

/** An event the bus accepted: the envelope EventBridge builds around the entry's detail. */
export interface BusEvent {
  /** Parsed with numbers keeping their text; used for matching and input transformation. */
  readonly event: Record<string, unknown>;
  /** Compact JSON as targets receive it. */
  readonly eventJson: string;
  readonly ingestedAt: Date;
}

export type EntryRejection = { readonly ErrorCode: string; readonly ErrorMessage: string };

/** "Total size of the entries in the request" must stay under 256 KB. */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;
export const MAX_PUT_EVENTS_ENTRIES = 10;

/** Entry size as the EventBridge documentation computes it (Time counts 14 bytes). */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  size += Buffer.byteLength(entry.Source ?? '');
  size += Buffer.byteLength(entry.DetailType ?? '');
  size += Buffer.byteLength(entry.Detail ?? '');
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource ?? '');
  return size;
}

/** ISO 8601 without milliseconds, as EventBridge writes `time`. */
export function eventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const invalidArgument = (parameter: string, reason: string): EntryRejection => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}`,
});

export interface EnvelopeContext {
  readonly accountId: string;
  readonly region: string;
  readonly now: Date;
  readonly allowAwsSources: boolean;
}

/** Validates one PutEvents entry; returns the event or the per-entry error AWS would report. */
export function buildBusEvent(
  entry: PutEventsRequestEntry,
  context: EnvelopeContext,
): BusEvent | EntryRejection {
  if (!entry.Source) return invalidArgument('Source', 'Source is a required argument.');
  if (!entry.DetailType) return invalidArgument('DetailType', 'DetailType is a required argument.');
  if (entry.Detail === undefined || entry.Detail === null) {
    return invalidArgument('Detail', 'Detail is a required argument.');
  }
  if (entry.Source.startsWith('aws.') && !context.allowAwsSources) {
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  }
  let detail: unknown;
  try {
    detail = parseJsonPreservingNumbers(entry.Detail);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (!isPlainObject(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  const resources = entry.Resources ?? [];
  if (!Array.isArray(resources) || resources.some((resource) => typeof resource !== 'string')) {
    return invalidArgument('Resources', 'Resources must be a list of strings.');
  }
  const time = entry.Time ? new Date(entry.Time) : context.now;
  if (Number.isNaN(time.getTime())) return invalidArgument('Time', 'Time is not a valid timestamp.');
  const event: Record<string, unknown> = {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: context.accountId,
    time: eventTime(time),
    region: context.region,
    resources,
    detail,
  };
  return { event, eventJson: JSON.stringify(event), ingestedAt: context.now };
}

export function isRejection(result: BusEvent | EntryRejection): result is EntryRejection {
  return 'ErrorCode' in result;
}
