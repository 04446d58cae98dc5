import { randomUUID } from 'node:crypto';
import { EventPublisher, EventValidationError, OrderPlaced, parseEvent } from '../../src';
import { eventIdOf, RecordingPutEventsClient } from '../helpers/recording-put-events-client';

const NOW = new Date('2026-11-27T09:15:00.000Z');
const context = { correlationId: 'corr-42' };

const publisherWith = (client: RecordingPutEventsClient) =>
  new EventPublisher({ busName: 'stratus-test', client, now: () => NOW, sleep: async () => undefined });

/**
 * A transactional outbox stores each event with its id and time when the state change is
 * written, and publishes it later (perhaps more than once, as a stream retries). Publishing it
 * with the stored id makes every retry the same event, which consumers drop by `eventId`.
 */
describe('EventPublisher with a caller-given eventId and occurredAt', () => {
  it('publishes the given id and time in the envelope and as the entry Time', async () => {
    const client = new RecordingPutEventsClient();
    const eventId = randomUUID();
    const occurredAt = '2026-11-27T08:00:00.123Z';
    const [result] = await publisherWith(client).publishAll([
      { contract: OrderPlaced, data: OrderPlaced.examples[0], context, eventId, occurredAt },
    ]);

    expect(result).toEqual({ eventId });
    const [entry] = client.calls[0]!;
    expect(entry!.Time).toEqual(new Date(occurredAt));
    const parsed = parseEvent(OrderPlaced, {
      source: entry!.Source,
      'detail-type': entry!.DetailType,
      detail: JSON.parse(entry!.Detail!),
    });
    expect(parsed.metadata).toMatchObject({ eventId, occurredAt });
  });

  it('accepts them through publish() too, with occurredAt as a Date', async () => {
    const client = new RecordingPutEventsClient();
    const eventId = randomUUID();
    const occurredAt = new Date('2026-11-27T08:00:00.000Z');
    const result = await publisherWith(client).publish(OrderPlaced, OrderPlaced.examples[0], context, {
      eventId,
      occurredAt,
    });
    expect(result.eventId).toBe(eventId);
    expect(JSON.parse(client.calls[0]![0]!.Detail!).metadata.occurredAt).toBe(occurredAt.toISOString());
  });

  it('sends the same event every time it is published again', async () => {
    const client = new RecordingPutEventsClient();
    const publisher = publisherWith(client);
    const request = { contract: OrderPlaced, data: OrderPlaced.examples[0], context, eventId: randomUUID() };
    await publisher.publishAll([request]);
    await publisher.publishAll([request]);
    expect(client.calls[0]).toEqual(client.calls[1]);
  });

  it('keeps generating ids and times for requests that give none, in the same call', async () => {
    const client = new RecordingPutEventsClient();
    const given = randomUUID();
    const results = await publisherWith(client).publishAll([
      { contract: OrderPlaced, data: OrderPlaced.examples[0], context, eventId: given },
      { contract: OrderPlaced, data: OrderPlaced.examples[0], context },
    ]);
    expect(results[0]!.eventId).toBe(given);
    expect(results[1]!.eventId).not.toBe(given);
    expect(client.eventIdsPerCall()).toEqual([[given, results[1]!.eventId]]);
    expect(JSON.parse(client.calls[0]![1]!.Detail!).metadata.occurredAt).toBe(NOW.toISOString());
    expect(eventIdOf(client.calls[0]![1]!)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['an eventId that is not a uuid', { eventId: 'order-1-placed' }, /metadata\.eventId/],
    ['an occurredAt that is not an ISO timestamp', { occurredAt: 'yesterday' }, /metadata\.occurredAt/],
    ['an invalid Date', { occurredAt: new Date(Number.NaN) }, /metadata\.occurredAt/],
  ])('refuses %s before sending anything', async (_name, identity, message) => {
    const client = new RecordingPutEventsClient();
    const publishing = publisherWith(client).publishAll([
      { contract: OrderPlaced, data: OrderPlaced.examples[0], context, ...identity },
    ]);
    await expect(publishing).rejects.toThrow(EventValidationError);
    await expect(publishing).rejects.toThrow(message);
    expect(client.calls).toHaveLength(0);
  });
});
