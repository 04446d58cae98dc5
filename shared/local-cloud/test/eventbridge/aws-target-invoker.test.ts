import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { type RunningEventBridge, startEventBridge } from '../../src/eventbridge';
import { LOCAL_CREDENTIALS, eventBridgeClient, recordingLogger } from './support';

const ACCOUNT = '123456789012';
const queueArn = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Records the requests the SDK sends to the Lambda and Step Functions APIs. The local
 * runtimes behind those APIs belong to the orchestrator; here only the request is checked.
 */
function recordingApi(
  respond: (
    request: IncomingMessage,
    body: string,
  ) => { status: number; headers?: Record<string, string>; body: string },
) {
  const requests: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', headers: request.headers, body });
      const answer = respond(request, body);
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body);
    });
  });
  return { server, requests };
}

describe('AwsTargetInvoker against local services', () => {
  let sqsServer: Server;
  let sqs: SQSClient;
  let eventBridge: RunningEventBridge;
  const lambdaFailures = { remaining: 0 };
  const lambda = recordingApi(() => {
    if (lambdaFailures.remaining > 0) {
      lambdaFailures.remaining--;
      return {
        status: 200,
        headers: { 'x-amz-function-error': 'Unhandled' },
        body: '{"errorMessage":"boom"}',
      };
    }
    return { status: 200, body: '{"ok":true}' };
  });
  const sfn = recordingApi(() => ({
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:report:1',
      startDate: 1,
    }),
  }));
  const log = recordingLogger();

  const receive = async (queueName: string, count: number) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const messages = [];
    // One message per call: local-aws-sqs holds a long poll open until MaxNumberOfMessages are there.
    for (let round = 0; round < count + 5 && messages.length < count; round++) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      messages.push(...(received.Messages ?? []));
    }
    return messages;
  };

  beforeAll(async () => {
    sqsServer = await createSqsServer({
      port: 0,
      hostname: '127.0.0.1',
      queues: [
        { QueueName: 'inbox' },
        { QueueName: 'inbox-dlq' },
        { QueueName: 'shaped' },
        { QueueName: 'burst' },
      ],
    });
    const sqsEndpoint = `http://127.0.0.1:${(sqsServer.address() as AddressInfo).port}`;
    sqs = new SQSClient({ endpoint: sqsEndpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    const lambdaEndpoint = await listen(lambda.server);
    const sfnEndpoint = await listen(sfn.server);
    eventBridge = await startEventBridge({
      port: 0,
      log: log.log,
      retry: { baseDelayMs: 2, maxDelayMs: 10 },
      targets: {
        sqs: sqsEndpoint,
        lambda: lambdaEndpoint,
        sfn: sfnEndpoint,
        lambdaInvocationType: 'RequestResponse',
      },
    });
    const client = eventBridgeClient(eventBridge.endpoint);
    const rule = async (name: string, detailType: string, targets: Target[]) => {
      await client.send(
        new PutRuleCommand({ Name: name, EventPattern: JSON.stringify({ 'detail-type': [detailType] }) }),
      );
      const result = await client.send(new PutTargetsCommand({ Rule: name, Targets: targets }));
      expect(result.FailedEntries).toEqual([]);
    };
    await rule('to-queue', 'ToQueue', [{ Id: 'inbox', Arn: queueArn('inbox') }]);
    await rule('shaped', 'Shaped', [
      {
        Id: 'shaped',
        Arn: queueArn('shaped'),
        InputTransformer: { InputPathsMap: { id: '$.detail.orderId' }, InputTemplate: '{"order": <id>}' },
      },
    ]);
    await rule('to-function', 'ToFunction', [
      {
        Id: 'fn',
        Arn: 'arn:aws:lambda:us-east-1:123456789012:function:inventory-local-reserve',
        RetryPolicy: { MaximumRetryAttempts: 1 },
        DeadLetterConfig: { Arn: queueArn('inbox-dlq') },
      },
    ]);
    await rule('to-state-machine', 'ToStateMachine', [
      { Id: 'sfn', Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:report' },
    ]);
    await rule('burst', 'Burst', [{ Id: 'burst', Arn: queueArn('burst') }]);
    client.destroy();
  });

  afterAll(async () => {
    await eventBridge.stop();
    sqs.destroy();
    await Promise.all([close(sqsServer), close(lambda.server), close(sfn.server)]);
  });

  const put = async (detailType: string, details: Array<Record<string, unknown>>) => {
    const client = eventBridgeClient(eventBridge.endpoint);
    await client.send(
      new PutEventsCommand({
        Entries: details.map((detail) => ({
          Source: 'stratus.test',
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        })),
      }),
    );
    client.destroy();
    await eventBridge.bus.idle();
  };

  it('sends matching events to an SQS queue found by its ARN', async () => {
    await put('ToQueue', [{ orderId: 'o-1' }]);
    const [message] = await receive('inbox', 1);
    expect(JSON.parse(message?.Body ?? '')).toMatchObject({
      source: 'stratus.test',
      'detail-type': 'ToQueue',
      detail: { orderId: 'o-1' },
    });
  });

  it('sends the transformed input to the queue', async () => {
    await put('Shaped', [{ orderId: 'o-2' }]);
    const [message] = await receive('shaped', 1);
    expect(JSON.parse(message?.Body ?? '')).toEqual({ order: 'o-2' });
  });

  it('delivers a burst completely (batched sends)', async () => {
    await put(
      'Burst',
      Array.from({ length: 10 }, (_, i) => ({ n: i })),
    );
    await put(
      'Burst',
      Array.from({ length: 10 }, (_, i) => ({ n: 10 + i })),
    );
    const messages = await receive('burst', 20);
    const numbers = messages.map(
      (message) => (JSON.parse(message.Body ?? '') as { detail: { n: number } }).detail.n,
    );
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('invokes a Lambda function by name with the event as payload', async () => {
    await put('ToFunction', [{ orderId: 'o-3' }]);
    const request = lambda.requests.at(-1);
    expect(request?.url).toBe('/2015-03-31/functions/inventory-local-reserve/invocations');
    expect(request?.headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(JSON.parse(request?.body ?? '')).toMatchObject({ detail: { orderId: 'o-3' } });
  });

  it('retries a failing function, then dead-letters to SQS with the reason attributes', async () => {
    lambdaFailures.remaining = 2;
    await put('ToFunction', [{ orderId: 'o-4' }]);
    const [letter] = await receive('inbox-dlq', 1);
    expect(JSON.parse(letter?.Body ?? '')).toMatchObject({ detail: { orderId: 'o-4' } });
    const attributes = Object.fromEntries(
      Object.entries(letter?.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
    );
    expect(attributes).toMatchObject({
      RULE_ARN: 'arn:aws:events:us-east-1:123456789012:rule/to-function',
      TARGET_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:inventory-local-reserve',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttemptsExhausted',
      RETRY_ATTEMPTS: '1',
    });
    expect(attributes.ERROR_MESSAGE).toContain('boom');
    expect(log.entries.at(-1)).toMatchObject({ outcome: 'dead-lettered', attempts: 2, rule: 'to-function' });
  });

  it('starts a state machine execution with the event as input', async () => {
    await put('ToStateMachine', [{ report: 'daily' }]);
    const request = sfn.requests.at(-1);
    expect(request?.headers['x-amz-target']).toBe('AWSStepFunctions.StartExecution');
    const body = JSON.parse(request?.body ?? '') as { stateMachineArn: string; input: string };
    expect(body.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:report');
    expect(JSON.parse(body.input)).toMatchObject({ detail: { report: 'daily' } });
  });

  it('refuses, at PutTargets, kinds of targets it has no endpoint for', async () => {
    const result = eventBridge.bus.putTargets({
      Rule: 'to-queue',
      Targets: [{ Id: 'topic', Arn: 'arn:aws:sns:us-east-1:123456789012:alerts' }],
    });
    expect(result.FailedEntryCount).toBe(1);
  });
});
