import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  defineEvent,
  entrySize,
  EventPublisher,
  EventPublishError,
  EventTooLargeError,
  EventValidationError,
  InventoryReserved,
  MAX_REQUEST_BYTES,
  OrderPlaced,
  parseEvent,
  type EventPublisherOptions,
  type PublishRequest,
} from '../../src';
import { eventIdOf, RecordingPutEventsClient, type CallScript } from '../helpers/recording-put-events-client';

const NOW = new Date('2026-11-27T09:15:00.000Z');
const context = { correlationId: 'corr-42' };

function publisherWith(client: RecordingPutEventsClient, options: Partial<EventPublisherOptions> = {}) {
  const delays: number[] = [];
  const publisher = new EventPublisher({
    busName: 'stratus-test',
    client,
    now: () => NOW,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
  return { publisher, delays };
}

const orderRequests = (count: number): PublishRequest<typeof OrderPlaced>[] =>
  Array.from({ length: count }, () => ({
    contract: OrderPlaced,
    data: { ...OrderPlaced.examples[0], orderId: randomUUID() },
    context,
  }));

/** Catalog events are small by design; this test-only contract can carry any size. */
const BlobAttached = defineEvent({
  source: 'stratus.orders',
  detailType: 'BlobAttached',
  version: 1,
  description: 'Test contract with a payload of any size.',
  consumers: [],
  data: z.strictObject({ blob: z.string() }),
  examples: [{ blob: 'x' }],
});

/** A BlobAttached request whose entry is at least `bytes` bytes. */
const blobEvent = (bytes: number) => ({ contract: BlobAttached, data: { blob: 'x'.repeat(bytes) }, context });

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('EventPublisher.publish', () => {
  it('sends one entry with the envelope, to the bus, and returns the eventId', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    const causationId = randomUUID();
    const { eventId } = await publisher.publish(OrderPlaced, OrderPlaced.examples[0], {
      ...context,
      causationId,
    });

    expect(client.calls).toHaveLength(1);
    const [entry] = client.calls[0]!;
    expect(entry).toMatchObject({
      EventBusName: 'stratus-test',
      Source: 'stratus.orders',
      DetailType: 'OrderPlaced',
      Time: NOW,
    });
    expect(JSON.parse(entry!.Detail!)).toEqual({
      metadata: { eventId, correlationId: 'corr-42', causationId, version: 1, occurredAt: NOW.toISOString() },
      data: OrderPlaced.examples[0],
    });
    // What the publisher sends is exactly what a consumer parses.
    const parsed = parseEvent(OrderPlaced, {
      source: entry!.Source,
      'detail-type': entry!.DetailType,
      detail: JSON.parse(entry!.Detail!),
    });
    expect(parsed.metadata.eventId).toBe(eventId);
  });

  it('gives every event a fresh uuid', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    const results = await publisher.publishAll(orderRequests(5));
    expect(new Set(results.map((result) => result.eventId)).size).toBe(5);
    for (const { eventId } of results) expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses invalid data naming the field, and sends nothing', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    const data = { ...OrderPlaced.examples[0], items: [{ sku: 'MUG-001', quantity: 101 }] };
    const error = await rejectionOf(publisher.publish(OrderPlaced, data, context));
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as EventValidationError).issues.map((issue) => issue.path)).toEqual([
      ['data', 'items', 0, 'quantity'],
    ]);
    expect((error as Error).message).toMatch(/data\.items\[0\]\.quantity: Too big/);
    expect(client.calls).toHaveLength(0);
  });

  it('refuses a missing correlation id', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    await expect(
      publisher.publish(OrderPlaced, OrderPlaced.examples[0], { correlationId: '' }),
    ).rejects.toThrow(/metadata\.correlationId/);
    expect(client.calls).toHaveLength(0);
  });

  it('refuses a whole batch when one event is invalid, before sending any', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    const bad = {
      contract: InventoryReserved,
      data: { ...InventoryReserved.examples[0], lines: [] },
      context,
    };
    await expect(publisher.publishAll([...orderRequests(3), bad])).rejects.toThrow(/data\.lines: Too small/);
    expect(client.calls).toHaveLength(0);
  });

  it('refuses a single entry over 256 KB with its size, sending nothing', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    const error = await rejectionOf(
      publisher.publishAll([...orderRequests(2), blobEvent(MAX_REQUEST_BYTES)]),
    );
    expect(error).toBeInstanceOf(EventTooLargeError);
    expect((error as EventTooLargeError).sizeBytes).toBeGreaterThan(MAX_REQUEST_BYTES);
    expect((error as Error).message).toMatch(
      /stratus\.orders BlobAttached event is \d+ bytes, over the PutEvents limit/,
    );
    expect(client.calls).toHaveLength(0);
  });

  it('needs a bus name', () => {
    const previous = process.env.EVENT_BUS_NAME;
    delete process.env.EVENT_BUS_NAME;
    try {
      expect(() => new EventPublisher({ client: new RecordingPutEventsClient() })).toThrow(/EVENT_BUS_NAME/);
      process.env.EVENT_BUS_NAME = 'from-env';
      expect(new EventPublisher({ client: new RecordingPutEventsClient() }).busName).toBe('from-env');
    } finally {
      if (previous === undefined) delete process.env.EVENT_BUS_NAME;
      else process.env.EVENT_BUS_NAME = previous;
    }
  });
});

describe('EventPublisher.publishAll batching', () => {
  it('sends 25 small events as 10 + 10 + 5, in order', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    const results = await publisher.publishAll(orderRequests(25));
    expect(client.calls.map((call) => call.length)).toEqual([10, 10, 5]);
    expect(client.eventIdsPerCall().flat()).toEqual(results.map((result) => result.eventId));
  });

  it('sends nothing for an empty list', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    expect(await publisher.publishAll([])).toEqual([]);
    expect(client.calls).toHaveLength(0);
  });
});

describe('EventPublisher retries', () => {
  const throttleFirstCallAt =
    (positions: number[]): CallScript =>
    (entries, call) =>
      entries.map((_entry, index) =>
        call === 1 && positions.includes(index) ? { errorCode: 'ThrottlingException' } : 'ok',
      );

  it('resends only the entries that failed, after a backoff', async () => {
    const client = new RecordingPutEventsClient(throttleFirstCallAt([1, 3]));
    const { publisher, delays } = publisherWith(client, { baseDelayMs: 100 });
    const results = await publisher.publishAll(orderRequests(5));
    const ids = results.map((result) => result.eventId);
    expect(client.eventIdsPerCall()).toEqual([ids, [ids[1], ids[3]]]);
    expect(delays).toEqual([50]); // full jitter: random 0.5 of 100 ms
  });

  it('backs off exponentially with jitter, capped', async () => {
    const client = new RecordingPutEventsClient((entries) =>
      entries.map(() => ({ errorCode: 'InternalFailure' })),
    );
    const { publisher, delays } = publisherWith(client, {
      maxAttempts: 6,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.999,
    });
    await expect(publisher.publishAll(orderRequests(1))).rejects.toThrow(EventPublishError);
    expect(delays).toEqual([99, 199, 399, 799, 999]);
  });

  it('throws EventPublishError naming the entries and codes once attempts run out', async () => {
    let doomed: string | undefined;
    const client = new RecordingPutEventsClient((entries, call) => {
      if (call === 1) doomed = eventIdOf(entries[2]!);
      return entries.map((entry) =>
        eventIdOf(entry) === doomed ? { errorCode: 'InternalFailure', errorMessage: 'boom' } : 'ok',
      );
    });
    const { publisher } = publisherWith(client, { maxAttempts: 3 });
    const requests = orderRequests(4);
    const error = (await rejectionOf(publisher.publishAll(requests))) as EventPublishError;

    expect(error).toBeInstanceOf(EventPublishError);
    expect(client.calls.map((call) => call.length)).toEqual([4, 1, 1]);
    const failedId = client.eventIdsPerCall()[1]![0]!;
    expect(error.failed).toEqual([
      {
        eventId: failedId,
        source: 'stratus.orders',
        detailType: 'OrderPlaced',
        errorCode: 'InternalFailure',
        errorMessage: 'boom',
        attempts: 3,
      },
    ]);
    expect(error.publishedEventIds).toHaveLength(3);
    expect(error.publishedEventIds).not.toContain(failedId);
    expect(error.message).toContain(
      `stratus.orders OrderPlaced ${failedId}: InternalFailure (boom) after 3 attempt(s)`,
    );
  });

  it('does not retry codes PutEvents documents as non-retryable', async () => {
    const client = new RecordingPutEventsClient((entries, call) =>
      entries.map((_entry, index) =>
        call > 1
          ? 'ok'
          : index === 0
            ? { errorCode: 'NotAuthorizedForSourceException' }
            : { errorCode: 'ThrottlingException' },
      ),
    );
    const { publisher } = publisherWith(client);
    const error = (await rejectionOf(publisher.publishAll(orderRequests(2)))) as EventPublishError;
    expect(client.calls.map((call) => call.length)).toEqual([2, 1]);
    expect(error.failed.map((entry) => [entry.errorCode, entry.attempts])).toEqual([
      ['NotAuthorizedForSourceException', 1],
    ]);
    expect(error.publishedEventIds).toHaveLength(1);
  });

  it('treats an answer without a result for an entry as a failure of that entry', async () => {
    const client = new RecordingPutEventsClient();
    const realSend = client.send.bind(client);
    let first = true;
    client.send = async (command) => {
      const output = await realSend(command);
      if (first) {
        first = false;
        return { ...output, Entries: output.Entries?.slice(0, 1) };
      }
      return output;
    };
    const { publisher } = publisherWith(client);
    await publisher.publishAll(orderRequests(3));
    expect(client.calls.map((call) => call.length)).toEqual([3, 2]);
  });

  it('reports every entry of a call the SDK gave up on, keeps sending the other batches, and keeps the cause', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    const client = new RecordingPutEventsClient((_entries, call) =>
      call === 1 ? denied : _entries.map(() => 'ok'),
    );
    const { publisher } = publisherWith(client);
    const error = (await rejectionOf(publisher.publishAll(orderRequests(12)))) as EventPublishError;
    expect(client.calls.map((call) => call.length)).toEqual([10, 2]);
    expect(error.failed).toHaveLength(10);
    expect(error.failed.every((entry) => entry.errorCode === 'AccessDeniedException')).toBe(true);
    expect(error.publishedEventIds).toHaveLength(2);
    expect(error.cause).toBe(denied);
  });

  it('publish() of a single event throws EventPublishError on permanent failure', async () => {
    const client = new RecordingPutEventsClient((entries) =>
      entries.map(() => ({ errorCode: 'ThrottlingException' })),
    );
    const { publisher } = publisherWith(client, { maxAttempts: 2 });
    await expect(publisher.publish(OrderPlaced, OrderPlaced.examples[0], context)).rejects.toThrow(
      /1 event\(s\) could not be published \(0 published\).*ThrottlingException/,
    );
    expect(client.calls).toHaveLength(2);
  });
});

describe('EventPublisher size limits', () => {
  it('splits by UTF-8 bytes before reaching 10 entries', async () => {
    const client = new RecordingPutEventsClient();
    const { publisher } = publisherWith(client);
    // 30,000 two-byte characters: ~60 KB per entry, so four fit in 256 KB and five do not.
    // Counting characters instead of bytes would put all five in one call.
    const requests = Array.from({ length: 5 }, () => ({
      contract: BlobAttached,
      data: { blob: 'é'.repeat(30_000) },
      context,
    }));
    await publisher.publishAll(requests);
    expect(client.calls.map((call) => call.length)).toEqual([4, 1]);
    for (const call of client.calls) {
      expect(call.reduce((sum, entry) => sum + entrySize(entry), 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    }
  });

  it('EventTooLargeError names the event and sizes', () => {
    const error = new EventTooLargeError('stratus.orders', 'OrderPlaced', 300_000, MAX_REQUEST_BYTES);
    expect(error.message).toBe(
      'stratus.orders OrderPlaced event is 300000 bytes, over the PutEvents limit of 262144 bytes ' +
        '(Source + DetailType + Detail + Resources + 14 for Time)',
    );
  });
});
