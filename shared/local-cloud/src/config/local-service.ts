/**
 * What the local cloud derives from one service's resolved serverless configuration: the
 * resources to create in the emulators and the triggers to run. Every value is resolved (no
 * CloudFormation intrinsics left) and every ARN is a local ARN (see local-aws.ts).
 */
export interface LocalService {
  /** `service:` of serverless.yml. */
  name: string;
  /** Absolute path of the service directory. */
  dir: string;
  /** Absolute path of serverless.yml, for error messages. */
  configFile: string;
  stage: string;
  stackName: string;
  functions: LocalFunction[];
  tables: LocalTable[];
  queues: LocalQueue[];
  buckets: LocalBucket[];
  eventBuses: LocalEventBus[];
  rules: LocalRule[];
  stateMachines: LocalStateMachine[];
  topicRules: LocalTopicRule[];
  schedules: LocalSchedule[];
  sqsTriggers: SqsTrigger[];
  streamTriggers: StreamTrigger[];
  s3Triggers: S3Trigger[];
  /** `AWS::Timestream::Database` / `AWS::Timestream::Table` resources, resolved, names filled in. */
  timestreamResources: { logicalId: string; type: string; properties: Record<string, unknown> }[];
  /** Exports of this service's stack (Outputs with Export.Name), for other services' Fn::ImportValue. */
  exports: Record<string, string>;
  /** Things the configuration asks for that the local cloud does not run (shown at start-up). */
  warnings: string[];
}

export interface LocalFunction {
  /** Key under `functions:`. */
  key: string;
  /** Deployed name (`<service>-<stage>-<key>` unless `name:` is set); what Lambda Invoke uses. */
  name: string;
  arn: string;
  handler: string;
  /** Absolute path of the handler's source file. */
  handlerFile: string;
  timeoutSeconds: number;
  /** Environment with provider and function entries merged and every intrinsic resolved. */
  environment: Record<string, string>;
  /** `GET /orders/{id}` style routes from `http` and `httpApi` events. */
  httpRoutes: string[];
}

export interface LocalTable {
  logicalId: string;
  name: string;
  arn: string;
  streamArn?: string;
  /** Resolved `AWS::DynamoDB::Table` Properties with TableName filled in. */
  properties: Record<string, unknown>;
}

export interface LocalQueue {
  logicalId: string;
  name: string;
  arn: string;
  fifo: boolean;
  /** Resolved `AWS::SQS::Queue` Properties with QueueName filled in (RedrivePolicy has local ARNs). */
  properties: Record<string, unknown>;
}

export interface LocalBucket {
  logicalId?: string;
  name: string;
  /** `NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled`: object events go to the default bus. */
  eventBridgeEnabled: boolean;
}

export interface LocalEventBus {
  logicalId: string;
  name: string;
}

export interface InputTransformer {
  inputPathsMap?: Record<string, string>;
  inputTemplate: string;
}

export interface TargetDelivery {
  /** Constant JSON text sent instead of the event. */
  input?: string;
  inputPath?: string;
  inputTransformer?: InputTransformer;
  /** Where events go after the retries are spent (an SQS queue ARN). */
  deadLetterQueueArn?: string;
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
}

export type LocalTarget = TargetDelivery & { id: string } & (
    | { kind: 'lambda'; functionName: string; arn: string }
    | { kind: 'sqs'; queueName: string; arn: string; messageGroupId?: string }
    | { kind: 'state-machine'; stateMachineName: string; arn: string }
    | { kind: 'event-bus'; busName: string; arn: string }
  );

export interface LocalRule {
  name: string;
  busName: string;
  eventPattern: Record<string, unknown>;
  targets: LocalTarget[];
  /** Where it was declared, e.g. `functions.reserve.events[0].eventBridge` or `resources.Resources.OrderRule`. */
  declaredAt: string;
}

export interface LocalStateMachine {
  logicalId: string;
  /** Key under `stepFunctions.stateMachines`, when declared there. */
  key?: string;
  name: string;
  arn: string;
  /** Amazon States Language, with every Lambda task resource resolved to a local function ARN. */
  definition: Record<string, unknown>;
}

export interface LocalTopicRule {
  name: string;
  sql: string;
  functionName: string;
  declaredAt: string;
}

export type ScheduleTarget = TargetDelivery &
  (
    | { kind: 'lambda'; functionName: string; functionKey: string }
    | { kind: 'state-machine'; stateMachineName: string; arn: string }
  );

export interface LocalSchedule {
  /** Stable id used by `npm run schedule:fire -- <service> <function-or-state-machine>`. */
  id: string;
  /** The scheduled rule on the default bus that fires it. */
  ruleName: string;
  /** `rate(5 minutes)` or `cron(0 2 * * ? *)`. */
  expression: string;
  enabled: boolean;
  target: ScheduleTarget;
  declaredAt: string;
}

export interface SqsTrigger {
  functionKey: string;
  functionName: string;
  queueName: string;
  queueArn: string;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
  declaredAt: string;
}

export interface StreamTrigger {
  functionKey: string;
  functionName: string;
  tableName: string;
  batchSize: number;
  /** The stream event's `batchWindow` (not yet applied by the stream poller, which delivers each poll). */
  maximumBatchingWindowSeconds: number;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  reportBatchItemFailures: boolean;
  maximumRetryAttempts: number;
  /** Event filter patterns (`filterPatterns`), in EventBridge pattern syntax. */
  filterPatterns: Record<string, unknown>[];
  enabled: boolean;
  declaredAt: string;
}

export interface S3Trigger {
  functionKey: string;
  functionName: string;
  bucket: string;
  /** e.g. `s3:ObjectCreated:*`. */
  event: string;
  prefix?: string;
  suffix?: string;
  declaredAt: string;
}
