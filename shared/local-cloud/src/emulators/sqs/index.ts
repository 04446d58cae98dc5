export { startSqs } from './start-sqs';
export type { RunningSqs, SqsEmulatorOptions } from './start-sqs';
export {
  createQueuesFromCloudFormation,
  queueDefinitionsFromCloudFormation,
  SQS_QUEUE_TYPE,
} from './create-queues';
export type { CreateQueuesReport, CreatedQueue, LocalQueueDefinition } from './create-queues';
export { queueArn, queueUrl, parseQueueArn, queueUrlFromArn, queueArnFromUrl } from './queue-addresses';
export type { QueueAccount, ParsedQueueArn } from './queue-addresses';
