import {
  assertBucketName,
  notificationKey,
  toEventBridgeObjectEvent,
  toS3NotificationRecord,
} from '../../../src/emulators/s3';
import type { S3ObjectCreated } from '../../../src/emulators/s3';

const created: S3ObjectCreated = {
  bucket: 'media-uploads',
  key: 'uploads/red flower (1).jpg',
  eventName: 'ObjectCreated:Put',
  eventTime: '2026-11-27T10:00:00.123Z',
  sequencer: '0A1B2C',
  sourceIpAddress: '127.0.0.1',
  requestId: 'REQ1',
  size: 42,
  etag: 'abc123',
};

describe('S3 object events', () => {
  it('URL-encodes notification keys like S3 (space as +, slashes kept)', () => {
    expect(notificationKey('uploads/red flower (1).jpg')).toBe('uploads/red+flower+%281%29.jpg');
    expect(notificationKey('a+b=c:d')).toBe('a%2Bb%3Dc%3Ad');
    expect(decodeURIComponent(notificationKey('x y/z+1').replace(/\+/g, ' '))).toBe('x y/z+1');
  });

  it('builds the Lambda S3 notification record', () => {
    const record = toS3NotificationRecord(created, 'media-upload');
    expect(record).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      awsRegion: 'us-east-1',
      s3: {
        configurationId: 'media-upload',
        bucket: { name: 'media-uploads', arn: 'arn:aws:s3:::media-uploads' },
        object: { key: 'uploads/red+flower+%281%29.jpg', size: 42, eTag: 'abc123', sequencer: '0A1B2C' },
      },
    });
  });

  it('builds the EventBridge "Object Created" event with the raw key', () => {
    const event = toEventBridgeObjectEvent(created);
    expect(event).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      time: '2026-11-27T10:00:00Z',
      resources: ['arn:aws:s3:::media-uploads'],
      detail: {
        bucket: { name: 'media-uploads' },
        object: { key: 'uploads/red flower (1).jpg', size: 42, etag: 'abc123' },
        reason: 'PutObject',
      },
    });
    const removed = toEventBridgeObjectEvent({ ...created, eventName: 'ObjectRemoved:Delete' });
    expect(removed['detail-type']).toBe('Object Deleted');
    expect(removed.detail).toMatchObject({ reason: 'DeleteObject', 'deletion-type': 'Permanently Deleted' });
  });

  it('enforces S3 bucket naming rules', () => {
    for (const name of ['media-uploads', 'a.b-c', 'abc']) expect(() => assertBucketName(name)).not.toThrow();
    for (const name of ['ab', 'Media', 'a..b', '192.168.0.1', '-abc', 'abc-', 'x'.repeat(64), 'a_b']) {
      expect(() => assertBucketName(name)).toThrow(`invalid bucket name "${name}"`);
    }
  });
});
