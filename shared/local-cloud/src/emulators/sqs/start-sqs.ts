import { createServer } from 'node:http';
import { createRequestHandler } from 'local-aws-sqs';
import type { CloudFormationResources } from '../support/cloudformation';
import type { RunningEmulator } from '../running-emulator';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/local-client-config';
import { LOCAL_HOST, closeServer, listenOn } from '../support/ports';
import { createQueuesFromCloudFormation } from './create-queues';
import type { CreateQueuesReport } from './create-queues';
import { queueArn, queueArnFromUrl, queueUrl, queueUrlFromArn } from './queue-addresses';
import { receiveMessageHandler } from './receive-message-handler';

export interface SqsEmulatorOptions {
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  region?: string;
  accountId?: string;
}

/**
 * Queues live in memory only (local-aws-sqs keeps no files), so there is no dataDir: queues are
 * re-created from the configuration at every start and in-flight messages do not survive a restart.
 */
export interface RunningSqs extends RunningEmulator {
  name: 'sqs';
  region: string;
  accountId: string;
  queueUrl(queueName: string): string;
  queueArn(queueName: string): string;
  queueUrlFromArn(arn: string): string;
  queueArnFromUrl(url: string): string;
  createQueuesFromCloudFormation(resources: CloudFormationResources): Promise<CreateQueuesReport>;
}

const EMULATOR_NAME = 'sqs';

/** Starts local-aws-sqs (SQS JSON and query protocols) on 127.0.0.1 in this process. */
export async function startSqs(options: SqsEmulatorOptions = {}): Promise<RunningSqs> {
  if (options.host !== undefined && options.host !== LOCAL_HOST) {
    throw new Error(`sqs: only ${LOCAL_HOST} is supported as host`);
  }
  const region = options.region ?? LOCAL_REGION;
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const { service, requestHandler } = createRequestHandler({
    port: options.port ?? 0,
    hostname: LOCAL_HOST,
    region,
    accountId,
    validateDlqDestination: true,
    // A deleted queue can be re-created at once: `--fresh` restarts and tests re-create queues.
    emulateQueueCreationLifecycle: false,
    emulateLazyQueues: false,
  });
  const handler = receiveMessageHandler({
    requestHandler,
    queueWaitTimeSeconds: (url) =>
      service.Queues.find((queue) => queue.QueueName === url.split('/').pop())?.ReceiveMessageWaitTimeSeconds,
  });
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  // Our own server, not createSqsServer(): that one leaves EADDRINUSE as an unhandled 'error'.
  const port = await listenOn(server, EMULATOR_NAME, options.port ?? 0);
  // Queue URLs embed the port; with port 0 only now is it known.
  service.PORT = port;
  const endpoint = `http://${LOCAL_HOST}:${port}`;
  const account = { region, accountId };
  return {
    name: EMULATOR_NAME,
    endpoint,
    port,
    region,
    accountId,
    queueUrl: (queueName) => queueUrl(endpoint, queueName, account),
    queueArn: (queueName) => queueArn(queueName, account),
    queueUrlFromArn: (arn) => queueUrlFromArn(endpoint, arn),
    queueArnFromUrl: (url) => queueArnFromUrl(url, account),
    createQueuesFromCloudFormation: (resources) =>
      createQueuesFromCloudFormation(endpoint, resources, account),
    async stop() {
      // Pending visibility and delay timers are unref'd by local-aws-sqs; dropping the queues clears them.
      service.resetAll();
      await closeServer(server);
    },
  };
}
