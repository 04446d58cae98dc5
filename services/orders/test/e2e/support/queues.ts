import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { routeLines, sqsClient } from './bus';
import { WAIT } from './e2e-settings';
import { waitFor } from './eventually';

/** Messages waiting or being processed in every consumer queue (DLQs excluded), by queue name. */
export async function consumerQueueDepths(): Promise<Record<string, number>> {
  const client = sqsClient();
  const urls = ((await client.send(new ListQueuesCommand({}))).QueueUrls ?? []).filter(
    (url) => !/-dlq$/.test(url),
  );
  const depths: Record<string, number> = {};
  for (const url of urls) {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    depths[url.split('/').pop() as string] =
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return depths;
}

/**
 * Waits until every consumer queue has been empty (nothing visible, nothing in flight) for
 * `quietPolls` polls in a row. Use it when the expected outcome is that nothing changes, so
 * there is no event to wait for: it shows the consumers have finished with what they were given
 * (and with whatever they published in turn) before the test looks at the state.
 */
export async function queuesDrained(
  options: { quietPolls?: number; intervalMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const quietPolls = options.quietPolls ?? 4;
  let quiet = 0;
  let last: Record<string, number> = {};
  await waitFor(
    'every consumer queue to drain',
    async () => {
      last = await consumerQueueDepths();
      quiet = Object.values(last).every((depth) => depth === 0) ? quiet + 1 : 0;
      return quiet >= quietPolls ? true : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? WAIT.sagaMs,
      intervalMs: options.intervalMs ?? 500,
      describe: () => JSON.stringify(last),
    },
  );
}

/**
 * Waits until the bus has settled at least `minimum` deliveries of a replay (one route line per
 * event and target), so the replayed events are in their queues before anyone waits for them
 * to drain.
 */
export async function replayDelivered(replayName: string, minimum: number): Promise<void> {
  let seen = 0;
  await waitFor(
    `${minimum} deliveries of replay ${replayName}`,
    async () => {
      seen = routeLines((line) => line.replayName === replayName).length;
      return seen >= minimum ? true : undefined;
    },
    { timeoutMs: WAIT.sagaMs, describe: () => `${seen} route lines` },
  );
}
