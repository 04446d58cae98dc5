import { randomUUID } from 'node:crypto';
import type { S3EventRecord } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/local-client-config';

export type ObjectCreatedEventName =
  'ObjectCreated:Put' | 'ObjectCreated:Post' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';

interface ObjectEventBase {
  bucket: string;
  /** The object key as stored (not URL-encoded). */
  key: string;
  eventTime: string;
  /** Hex string that orders events for the same key, as S3 provides. */
  sequencer: string;
  sourceIpAddress: string;
  requestId: string;
}

export interface S3ObjectCreated extends ObjectEventBase {
  eventName: ObjectCreatedEventName;
  size: number;
  /** MD5 hex without quotes (for multipart uploads, the MD5 of the whole object, unlike S3). */
  etag: string;
}

export interface S3ObjectRemoved extends ObjectEventBase {
  eventName: 'ObjectRemoved:Delete';
}

export type S3ObjectEvent = S3ObjectCreated | S3ObjectRemoved;

/** The record s3rver 3.7.1 emits in its 'event' (an S3-notification-shaped record). */
export interface S3rverRecord {
  eventTime: string;
  eventName: string;
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string };
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer: string } };
}

interface MetadataStore {
  getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
}

/**
 * Normalises an s3rver record. s3rver reports a completed multipart upload as a POST and a copy
 * without ETag; the request that caused the event and the store fill those gaps.
 */
export async function objectEventFromS3rverRecord(
  record: S3rverRecord,
  request: { method: string; url: string } | undefined,
  store: MetadataStore,
): Promise<S3ObjectEvent> {
  const base: ObjectEventBase = {
    bucket: record.s3.bucket.name,
    key: record.s3.object.key,
    eventTime: record.eventTime,
    sequencer: record.s3.object.sequencer,
    sourceIpAddress: record.requestParameters.sourceIPAddress,
    requestId: record.responseElements['x-amz-request-id'],
  };
  if (record.eventName === 'ObjectRemoved:Delete') {
    return { ...base, eventName: 'ObjectRemoved:Delete' };
  }
  let eventName = record.eventName as ObjectCreatedEventName;
  if (eventName === 'ObjectCreated:Post' && request !== undefined && /[?&]uploadId=/.test(request.url)) {
    eventName = 'ObjectCreated:CompleteMultipartUpload';
  }
  let etag = record.s3.object.eTag;
  let size = record.s3.object.size;
  if (etag === undefined || size === undefined) {
    const metadata = await store.getMetadata(base.bucket, base.key);
    etag ??= (metadata.etag ?? '').replace(/"/g, '');
    size ??= Number(metadata['content-length']);
  }
  return { ...base, eventName, etag, size: Number(size) };
}

/** S3 URL-encodes keys in notifications ("red flower.jpg" -> "red+flower.jpg"); slashes stay. */
export function notificationKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One record of the event S3 sends to a Lambda function (`events: - s3:` in serverless.yml). */
export function toS3NotificationRecord(event: S3ObjectEvent, configurationId = 'local'): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: LOCAL_REGION,
    eventTime: event.eventTime,
    eventName: event.eventName,
    userIdentity: { principalId: `AWS:${LOCAL_ACCOUNT_ID}` },
    requestParameters: { sourceIPAddress: event.sourceIpAddress },
    responseElements: { 'x-amz-request-id': event.requestId, 'x-amz-id-2': event.requestId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: {
        name: event.bucket,
        ownerIdentity: { principalId: LOCAL_ACCOUNT_ID },
        arn: `arn:aws:s3:::${event.bucket}`,
      },
      object: {
        key: notificationKey(event.key),
        size: 'size' in event ? event.size : 0,
        eTag: 'etag' in event ? event.etag : '',
        sequencer: event.sequencer,
      },
    },
  } as S3EventRecord;
}

export interface S3EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': 'Object Created' | 'Object Deleted';
  source: 'aws.s3';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const REASONS: Record<S3ObjectEvent['eventName'], string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'DeleteObject',
};

/**
 * The event S3 puts on the default bus when a bucket has EventBridge notifications enabled
 * (`source: aws.s3`, `detail-type: Object Created`). The key is not URL-encoded here.
 */
export function toEventBridgeObjectEvent(event: S3ObjectEvent): S3EventBridgeEvent {
  const created = event.eventName !== 'ObjectRemoved:Delete';
  const object: Record<string, unknown> = { key: event.key, sequencer: event.sequencer };
  if ('size' in event) {
    object.size = event.size;
    object.etag = event.etag;
  }
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': created ? 'Object Created' : 'Object Deleted',
    source: 'aws.s3',
    account: LOCAL_ACCOUNT_ID,
    time: event.eventTime.replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:s3:::${event.bucket}`],
    detail: {
      version: '0',
      bucket: { name: event.bucket },
      object,
      'request-id': event.requestId,
      requester: LOCAL_ACCOUNT_ID,
      'source-ip-address': event.sourceIpAddress,
      reason: REASONS[event.eventName],
      ...(created ? {} : { 'deletion-type': 'Permanently Deleted' }),
    },
  };
}
