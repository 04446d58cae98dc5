import { randomUUID } from 'node:crypto';
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { PublishContext } from '../correlation';
import type { AnyEventContract, EventDataInput } from '../define-event';
import { EventValidationError, issuesFromZod } from '../event-validation-error';
import { backoffDelay } from './backoff';
import { batchEntries } from './batch-entries';
import { EventPublishError, type FailedEntry } from './event-publish-error';
import { EventTooLargeError } from './event-too-large-error';
import { entrySize, MAX_REQUEST_BYTES } from './put-events-limits';

/** The one SDK call the publisher makes; an `EventBridgeClient` fits, and so does a test double. */
export interface PutEventsClient {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

export interface EventPublisherOptions {
  /** Defaults to the `EVENT_BUS_NAME` environment variable. */
  busName?: string;
  client?: PutEventsClient;
  /** Sends per entry, first one included. Default 4. */
  maxAttempts?: number;
  /** Default 100 ms. */
  baseDelayMs?: number;
  /** Default 2000 ms. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

/**
 * The identity of one published event, when the caller fixed it before publishing: a
 * transactional outbox stores `eventId` and `occurredAt` with the state change, so that every
 * (re)publication of the stored event is the same event and consumers drop repeats by `eventId`.
 * Both default to a fresh uuid and the publisher's clock.
 */
export interface PublishIdentity {
  /** A uuid, the envelope's `metadata.eventId`. */
  eventId?: string;
  /** When the event happened: a Date or an ISO timestamp (`Date.prototype.toISOString()` form). */
  occurredAt?: Date | string;
}

export interface PublishRequest<C extends AnyEventContract = AnyEventContract> extends PublishIdentity {
  contract: C;
  data: EventDataInput<C>;
  context: PublishContext;
}

export interface PublishResult {
  /** `metadata.eventId` of the published event: the consumers' idempotency key. */
  eventId: string;
}

/**
 * PutEvents answers these for entries that will fail the same way however often they are sent,
 * so they are not retried. Anything else (InternalFailure, ThrottlingException, codes added
 * later) is retried until the attempts run out.
 */
export const NON_RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'InvalidAccountIdException',
  'InvalidArgument',
  'MalformedDetail',
  'RedactionFailure',
  'NotAuthorizedForSourceException',
  'NotAuthorizedForDetailTypeException',
]);

interface PreparedEntry {
  index: number;
  eventId: string;
  source: string;
  detailType: string;
  entry: PutEventsRequestEntry;
  size: number;
  attempts: number;
}

interface EntryFailure {
  prepared: PreparedEntry;
  errorCode: string;
  errorMessage?: string;
  retryable: boolean;
}

/** An invalid Date becomes a string the envelope schema refuses (naming the field), not a RangeError. */
const occurredAtText = (value: Date | string): string =>
  typeof value === 'string' ? value : Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Publishes catalog events to one bus: validates every event against its contract before anything
 * is sent, wraps it in the `{ metadata, data }` envelope, sends at the PutEvents limits and
 * retries only the entries that failed.
 */
export class EventPublisher {
  readonly busName: string;
  private clientInstance: PutEventsClient | undefined;
  private readonly maxAttempts: number;
  private readonly backoff: { baseDelayMs: number; maxDelayMs: number };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(options: EventPublisherOptions = {}) {
    const busName = options.busName ?? process.env.EVENT_BUS_NAME;
    if (busName === undefined || busName === '') {
      throw new Error('EventPublisher needs a bus name: pass { busName } or set EVENT_BUS_NAME');
    }
    this.busName = busName;
    this.clientInstance = options.client;
    this.maxAttempts = options.maxAttempts ?? 4;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${options.maxAttempts}`);
    }
    this.backoff = { baseDelayMs: options.baseDelayMs ?? 100, maxDelayMs: options.maxDelayMs ?? 2000 };
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Publishes one event; resolves with its eventId once EventBridge accepted it. `identity` fixes
   * the event's id and time (see {@link PublishIdentity}); by default both are new.
   */
  async publish<C extends AnyEventContract>(
    contract: C,
    data: EventDataInput<C>,
    context: PublishContext,
    identity: PublishIdentity = {},
  ): Promise<PublishResult> {
    const [result] = await this.publishAll([{ contract, data, context, ...identity }]);
    return result!;
  }

  /**
   * Publishes several events in as few PutEvents calls as the limits allow, in order. Validation
   * and size errors throw before anything is sent. Results are in the order of the requests.
   */
  async publishAll<const T extends readonly AnyEventContract[]>(requests: {
    [K in keyof T]: PublishRequest<T[K]>;
  }): Promise<PublishResult[]> {
    const list = requests as readonly PublishRequest[];
    const prepared = list.map((request, index) => this.prepare(request, index));
    if (prepared.length === 0) return [];
    await this.sendWithRetries(prepared);
    return prepared.map(({ eventId }) => ({ eventId }));
  }

  private get client(): PutEventsClient {
    this.clientInstance ??= new EventBridgeClient({});
    return this.clientInstance;
  }

  private prepare(request: PublishRequest, index: number): PreparedEntry {
    const { contract, data, context } = request;
    const occurredAt = occurredAtText(request.occurredAt ?? this.now());
    const detail = {
      metadata: {
        eventId: request.eventId ?? randomUUID(),
        correlationId: context.correlationId,
        ...(context.causationId === undefined ? {} : { causationId: context.causationId }),
        version: contract.version,
        occurredAt,
      },
      data,
    };
    const parsed = contract.detail.safeParse(detail);
    if (!parsed.success) {
      // Paths start at `metadata` or `data`, the names a publisher wrote.
      throw new EventValidationError(contract.source, contract.detailType, issuesFromZod(parsed.error, []));
    }
    const entry: PutEventsRequestEntry = {
      EventBusName: this.busName,
      Source: contract.source,
      DetailType: contract.detailType,
      Detail: JSON.stringify(parsed.data),
      Time: new Date(occurredAt),
    };
    const size = entrySize(entry);
    if (size > MAX_REQUEST_BYTES) {
      throw new EventTooLargeError(contract.source, contract.detailType, size, MAX_REQUEST_BYTES);
    }
    return {
      index,
      eventId: detail.metadata.eventId,
      source: contract.source,
      detailType: contract.detailType,
      entry,
      size,
      attempts: 0,
    };
  }

  private async sendWithRetries(prepared: readonly PreparedEntry[]): Promise<void> {
    let pending = prepared;
    const permanent: EntryFailure[] = [];
    let lastError: unknown;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const failures: EntryFailure[] = [];
      for (const batch of batchEntries(pending, (item) => item.size)) {
        const outcome = await this.sendBatch(batch);
        failures.push(...outcome.failures);
        lastError = outcome.error ?? lastError;
      }
      const retryable = failures.filter((failure) => failure.retryable);
      permanent.push(...failures.filter((failure) => !failure.retryable));
      if (retryable.length === 0) break;
      if (attempt >= this.maxAttempts) {
        permanent.push(...retryable);
        break;
      }
      await this.sleep(backoffDelay(attempt, this.backoff, this.random));
      pending = retryable.map((failure) => failure.prepared);
    }
    if (permanent.length === 0) return;

    const failedIndexes = new Set(permanent.map((failure) => failure.prepared.index));
    const failed: FailedEntry[] = permanent
      .sort((a, b) => a.prepared.index - b.prepared.index)
      .map(({ prepared: entry, errorCode, errorMessage }) => ({
        eventId: entry.eventId,
        source: entry.source,
        detailType: entry.detailType,
        errorCode,
        ...(errorMessage === undefined ? {} : { errorMessage }),
        attempts: entry.attempts,
      }));
    const published = prepared
      .filter((entry) => !failedIndexes.has(entry.index))
      .map((entry) => entry.eventId);
    throw new EventPublishError(
      failed,
      published,
      lastError === undefined ? undefined : { cause: lastError },
    );
  }

  private async sendBatch(
    batch: readonly PreparedEntry[],
  ): Promise<{ failures: EntryFailure[]; error?: unknown }> {
    for (const item of batch) item.attempts += 1;
    let output: PutEventsCommandOutput;
    try {
      output = await this.client.send(new PutEventsCommand({ Entries: batch.map((item) => item.entry) }));
    } catch (error) {
      // The SDK already retried throttling and 5xx answers of the call itself; what reaches here
      // (credentials, a missing bus, network gone for good) is not fixed by sending again.
      const errorCode = error instanceof Error ? error.name : 'UnknownError';
      const errorMessage = error instanceof Error ? error.message : String(error);
      return {
        failures: batch.map((prepared) => ({ prepared, errorCode, errorMessage, retryable: false })),
        error,
      };
    }
    const failures: EntryFailure[] = [];
    batch.forEach((prepared, position) => {
      const result = output.Entries?.[position];
      if (result?.ErrorCode === undefined && result?.EventId !== undefined) return;
      const errorCode = result?.ErrorCode ?? 'MissingResultEntry';
      failures.push({
        prepared,
        errorCode,
        ...(result?.ErrorMessage === undefined ? {} : { errorMessage: result.ErrorMessage }),
        retryable: !NON_RETRYABLE_ERROR_CODES.has(errorCode),
      });
    });
    return { failures };
  }
}
