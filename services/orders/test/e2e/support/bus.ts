import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import type { Target } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventPublisher } from '@stratus/events';
import { sagaStack } from './saga-stack';

/** One event as the local bus archived it (`<dataDir>/eventbridge/archive.jsonl`). */
export interface ArchivedEvent {
  ingestedAt: string;
  eventBusName: string;
  event: {
    id: string;
    source: string;
    'detail-type': string;
    time: string;
    detail: {
      metadata: { eventId: string; correlationId: string; causationId?: string };
      data: Record<string, unknown>;
    };
  };
}

/** One line of the bus's route log: an event delivered (or not) to one target of one rule. */
export interface RouteLine {
  message: 'eventbridge route';
  eventId: string;
  source: string;
  detailType: string;
  rule: string;
  targetId: string;
  target: string;
  outcome: string;
  replayName?: string;
}

const clients: { eventBridge?: EventBridgeClient; sqs?: SQSClient; publisher?: EventPublisher } = {};

/** SDK clients reach the stack through AWS_ENDPOINT_URL_* (set by the global setup), as handlers do. */
export function eventBridgeClient(): EventBridgeClient {
  return (clients.eventBridge ??= new EventBridgeClient({}));
}

export function sqsClient(): SQSClient {
  return (clients.sqs ??= new SQSClient({}));
}

/** Publishes catalog events on the stack's bus, validated by their contracts. */
export function busPublisher(): EventPublisher {
  return (clients.publisher ??= new EventPublisher({ busName: sagaStack().busName }));
}

export function closeBusClients(): void {
  clients.eventBridge?.destroy();
  clients.sqs?.destroy();
  delete clients.eventBridge;
  delete clients.sqs;
  delete clients.publisher;
}

/** Every event the bus accepted so far (replays are not archived again). */
export function archivedEvents(filter: (event: ArchivedEvent) => boolean = () => true): ArchivedEvent[] {
  const file = path.join(sagaStack().dataDir, 'eventbridge', 'archive.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ArchivedEvent)
    .filter(filter);
}

/** Archived events of the given orders (events name the order in `detail.data.orderId`). */
export function archivedEventsOfOrders(orderIds: Iterable<string>): ArchivedEvent[] {
  const wanted = new Set(orderIds);
  return archivedEvents((entry) => wanted.has(String(entry.event.detail?.data?.orderId)));
}

/** The bus's route lines so far, from the stack's log file. */
export function routeLines(filter: (line: RouteLine) => boolean = () => true): RouteLine[] {
  const file = sagaStack().logFile;
  if (!existsSync(file)) return [];
  const lines: RouteLine[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(text) as Partial<RouteLine>;
      if (parsed.message === 'eventbridge route' && filter(parsed as RouteLine))
        lines.push(parsed as RouteLine);
    } catch {
      // Handler output that happens to start with a brace: not a route line.
    }
  }
  return lines;
}

/**
 * Sends every event archived since `since` through routing again (`POST /_local/replay`, what
 * `npm run replay -- --since <time>` calls): each consumer receives it a second time. `pattern`
 * picks events, `rules` limits which rules receive them.
 */
export async function replaySince(
  since: Date,
  options: { pattern?: unknown; until?: Date; rules?: string[] } = {},
): Promise<{ replayName: string; eventsReplayed: number }> {
  const response = await fetch(`${sagaStack().eventBridge}/_local/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      since: since.toISOString(),
      ...(options.until ? { until: options.until.toISOString() } : {}),
      ...(options.pattern === undefined ? {} : { pattern: options.pattern }),
      eventBusName: sagaStack().busName,
      ...(options.rules ? { rules: options.rules } : {}),
    }),
  });
  const body = (await response.json()) as { replayName: string; eventsReplayed: number; message?: string };
  if (!response.ok)
    throw new Error(`replay refused (${response.status}): ${body.message ?? JSON.stringify(body)}`);
  return body;
}

export interface DuplicatedTargets {
  /** `rule/targetId` of every target that now has a twin. */
  duplicated: string[];
  /** Removes the twins again. */
  restore(): Promise<void>;
}

const TWIN_SUFFIX = '-e2e-twin';

/**
 * Gives every target of every rule on the bus a twin with the same ARN and settings: from now on
 * EventBridge delivers each matching event twice to each consumer, at nearly the same moment
 * (the at-least-once delivery consumers must survive). `restore()` removes the twins.
 */
export async function duplicateEveryTarget(): Promise<DuplicatedTargets> {
  const client = eventBridgeClient();
  const busName = sagaStack().busName;
  const duplicated: string[] = [];
  const twins: { rule: string; ids: string[] }[] = [];
  const rules = (await client.send(new ListRulesCommand({ EventBusName: busName }))).Rules ?? [];
  for (const rule of rules) {
    if (!rule.Name || rule.ScheduleExpression) continue;
    const targets =
      (await client.send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: busName }))).Targets ??
      [];
    const originals = targets.filter((target) => !target.Id?.endsWith(TWIN_SUFFIX));
    if (originals.length === 0) continue;
    const copies: Target[] = originals.map((target) => ({ ...target, Id: `${target.Id}${TWIN_SUFFIX}` }));
    const result = await client.send(
      new PutTargetsCommand({ Rule: rule.Name, EventBusName: busName, Targets: copies }),
    );
    if ((result.FailedEntryCount ?? 0) > 0)
      throw new Error(
        `could not duplicate the targets of ${rule.Name}: ${JSON.stringify(result.FailedEntries)}`,
      );
    twins.push({ rule: rule.Name, ids: copies.map((copy) => copy.Id as string) });
    duplicated.push(...originals.map((target) => `${rule.Name}/${target.Id}`));
  }
  return {
    duplicated,
    restore: async () => {
      for (const { rule, ids } of twins)
        await client.send(new RemoveTargetsCommand({ Rule: rule, EventBusName: busName, Ids: ids }));
    },
  };
}

/** Messages waiting in every dead-letter queue of the stack (queues named `*-dlq`), by queue name. */
export async function deadLetterDepths(): Promise<Record<string, number>> {
  const client = sqsClient();
  const urls = (await client.send(new ListQueuesCommand({}))).QueueUrls ?? [];
  const depths: Record<string, number> = {};
  for (const url of urls.filter((entry) => /-dlq$/.test(entry))) {
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
