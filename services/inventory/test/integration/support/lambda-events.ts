import type { SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export interface BusEvent {
  source: string;
  detailType: string;
  data: unknown;
  eventId?: string;
  correlationId?: string;
}

/** An EventBridge event exactly as a rule puts it into an SQS queue (the body is the event). */
export function eventBridgeEnvelope(event: BusEvent) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': event.detailType,
    source: event.source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      metadata: {
        eventId: event.eventId ?? randomUUID(),
        correlationId: event.correlationId ?? `corr-${randomUUID()}`,
        version: 1,
        occurredAt: new Date().toISOString(),
      },
      data: event.data,
    },
  };
}

export function sqsBatch(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `message-${i}-${randomUUID()}`,
      receiptHandle: `handle-${i}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AIDAEVENTBRIDGE',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:inventory-order-events',
      awsRegion: 'us-east-1',
    })),
  };
}

/** A REST API (v1) proxy event after the Lambda authorizer let `auth` through. */
export function restEvent(options: {
  method: string;
  resource: string;
  path: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  auth?: { principalId: string; role: string };
}) {
  return {
    resource: options.resource,
    path: options.path,
    httpMethod: options.method,
    headers: { 'content-type': 'application/json', 'x-correlation-id': `corr-${randomUUID()}` },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      ...(options.auth ? { authorizer: options.auth } : {}),
      httpMethod: options.method,
      identity: { sourceIp: '127.0.0.1' },
      path: options.path,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'r1',
      resourcePath: options.resource,
      stage: 'local',
    },
    body:
      options.body === undefined
        ? null
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}
