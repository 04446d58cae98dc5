export { startS3, assertBucketName } from './start-s3';
export type { RunningS3, S3EmulatorOptions, ObjectCreatedListener, ObjectRemovedListener } from './start-s3';
export { toS3NotificationRecord, toEventBridgeObjectEvent, notificationKey } from './object-events';
export type {
  S3ObjectCreated,
  S3ObjectRemoved,
  S3ObjectEvent,
  ObjectCreatedEventName,
  S3EventBridgeEvent,
} from './object-events';
export { AwsChunkedDecoder } from './aws-chunked';
