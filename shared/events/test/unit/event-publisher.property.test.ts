import fc from 'fast-check';
import { z } from 'zod';
import { defineEvent, entrySize, EventPublisher, MAX_ENTRIES_PER_CALL, MAX_REQUEST_BYTES } from '../../src';
import { RecordingPutEventsClient } from '../helpers/recording-put-events-client';

const Payload = defineEvent({
  source: 'stratus.batch-reports',
  detailType: 'PayloadCarried',
  version: 1,
  description: 'Test contract with a payload of any size.',
  consumers: [],
  data: z.strictObject({ text: z.string() }),
  examples: [{ text: 'x' }],
});

const texts = fc.array(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.integer({ min: 1_000, max: 120_000 }).map((length) => 'a'.repeat(length)),
  ),
  { minLength: 1, maxLength: 30, size: 'max' },
);

describe('EventPublisher (property)', () => {
  it('stays within 10 entries / 256 KB per call and publishes every event exactly once, in order, whatever is throttled', async () => {
    await fc.assert(
      fc.asyncProperty(texts, fc.infiniteStream(fc.boolean()), async (values, throttles) => {
        const throttle = throttles[Symbol.iterator]();
        // Calls after the 50th accept everything, so the bounded retries always finish.
        const client = new RecordingPutEventsClient((entries, call) =>
          entries.map(() =>
            call <= 50 && throttle.next().value === true ? { errorCode: 'ThrottlingException' } : 'ok',
          ),
        );
        const publisher = new EventPublisher({
          busName: 'b',
          client,
          maxAttempts: 100,
          sleep: async () => undefined,
        });
        const results = await publisher.publishAll(
          values.map((text) => ({ contract: Payload, data: { text }, context: { correlationId: 'c' } })),
        );
        const ids = results.map((result) => result.eventId);

        for (const call of client.calls) {
          expect(call.length).toBeGreaterThan(0);
          expect(call.length).toBeLessThanOrEqual(MAX_ENTRIES_PER_CALL);
          expect(call.reduce((sum, entry) => sum + entrySize(entry), 0)).toBeLessThanOrEqual(
            MAX_REQUEST_BYTES,
          );
        }
        // First sends happen in request order, each event is accepted exactly once, and an
        // accepted event is never sent again.
        const firstSends = [...new Set(client.sends.map((send) => send.eventId))];
        expect(firstSends).toEqual(ids);
        const acceptedIds = client.sends.filter((send) => send.accepted).map((send) => send.eventId);
        expect([...acceptedIds].sort()).toEqual([...ids].sort());
        for (const id of ids) {
          const sends = client.sends.filter((send) => send.eventId === id);
          expect(sends.at(-1)?.accepted).toBe(true);
          expect(sends.slice(0, -1).every((send) => !send.accepted)).toBe(true);
        }
        // The data of each event is sent intact.
        const sentTexts = new Map(
          client.calls.flat().map((entry) => {
            const detail = JSON.parse(entry.Detail!) as {
              metadata: { eventId: string };
              data: { text: string };
            };
            return [detail.metadata.eventId, detail.data.text] as const;
          }),
        );
        expect(ids.map((id) => sentTexts.get(id))).toEqual(values);
      }),
      { numRuns: 80 },
    );
  });
});
