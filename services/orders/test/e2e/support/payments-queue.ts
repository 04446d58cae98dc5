import { GetQueueAttributesCommand, ListQueuesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from './bus';

/** The orders service's payment worker queue (`orders-<stage>-payments`, written by its outbox relay). */
async function paymentsQueueUrl(): Promise<string> {
  const urls =
    (await sqsClient().send(new ListQueuesCommand({ QueueNamePrefix: 'orders-' }))).QueueUrls ?? [];
  const url = urls.find((entry) => /\/orders-[^/]+-payments$/.test(entry));
  if (!url) throw new Error(`no payments queue of the orders service among ${JSON.stringify(urls)}`);
  return url;
}

export interface PaymentsQueueDepth {
  /** Sent with a delay that has not passed yet. */
  delayed: number;
  visible: number;
  inFlight: number;
}

export async function paymentsQueueDepth(): Promise<PaymentsQueueDepth> {
  const { Attributes } = await sqsClient().send(
    new GetQueueAttributesCommand({
      QueueUrl: await paymentsQueueUrl(),
      AttributeNames: [
        'ApproximateNumberOfMessagesDelayed',
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ],
    }),
  );
  return {
    delayed: Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0),
    visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

async function setPaymentsDelay(seconds: number): Promise<void> {
  await sqsClient().send(
    new SetQueueAttributesCommand({
      QueueUrl: await paymentsQueueUrl(),
      Attributes: { DelaySeconds: String(seconds) },
    }),
  );
}

/**
 * Runs `work` while the payments queue delays every message sent to it by `seconds` (the queue's
 * DelaySeconds, at most 900 as on AWS): a payment request the outbox relay writes meanwhile
 * reaches the payment worker that much later, as when the provider or its queue is slow. The
 * order stays RESERVED until then, and the request is still delivered, late. The delay is set
 * back to 0 however `work` ends (messages already delayed keep their delay).
 */
export async function whilePaymentsAreSlow<T>(seconds: number, work: () => Promise<T>): Promise<T> {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 900)
    throw new Error(`a payments delay must be 1-900 whole seconds, got ${seconds}`);
  await setPaymentsDelay(seconds);
  try {
    return await work();
  } finally {
    await setPaymentsDelay(0);
  }
}
