import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/local-client-config';

/** Region and account the local queues claim; ARNs look like arn:aws:sqs:us-east-1:000000000000:name. */
export interface QueueAccount {
  region?: string;
  accountId?: string;
}

export function queueArn(queueName: string, account: QueueAccount = {}): string {
  return `arn:aws:sqs:${account.region ?? LOCAL_REGION}:${account.accountId ?? LOCAL_ACCOUNT_ID}:${queueName}`;
}

/** The queue URL the local server answers to: `${endpoint}/${accountId}/${name}`. */
export function queueUrl(endpoint: string, queueName: string, account: QueueAccount = {}): string {
  return `${endpoint.replace(/\/+$/, '')}/${account.accountId ?? LOCAL_ACCOUNT_ID}/${queueName}`;
}

export interface ParsedQueueArn {
  region: string;
  accountId: string;
  queueName: string;
}

export function parseQueueArn(arn: string): ParsedQueueArn {
  const match = /^arn:aws[\w-]*:sqs:([\w-]+):(\d{12}):([\w-]{1,80}(?:\.fifo)?)$/.exec(arn);
  if (match === null) {
    throw new Error(`not an SQS queue ARN: ${arn}`);
  }
  return { region: match[1] as string, accountId: match[2] as string, queueName: match[3] as string };
}

export function queueUrlFromArn(endpoint: string, arn: string): string {
  const { accountId, queueName } = parseQueueArn(arn);
  return queueUrl(endpoint, queueName, { accountId });
}

/** Accepts local URLs and AWS-style ones (https://sqs.us-east-1.amazonaws.com/123456789012/name). */
export function queueArnFromUrl(url: string, account: QueueAccount = {}): string {
  const parsed = new URL(url);
  const [accountId, queueName, ...rest] = parsed.pathname.split('/').filter(Boolean);
  if (accountId === undefined || queueName === undefined || rest.length > 0 || !/^\d{12}$/.test(accountId)) {
    throw new Error(`not an SQS queue URL: ${url}`);
  }
  const regionFromHost = /^sqs\.([\w-]+)\.amazonaws\.com$/.exec(parsed.hostname)?.[1];
  return queueArn(queueName, { region: regionFromHost ?? account.region, accountId });
}
