import type {
  PutEventsCommand,
  PutEventsCommandOutput,
  PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { PutEventsClient } from '../../src';

/** Decides, per call, what happens to each entry: accepted, or refused with an ErrorCode. */
export type EntryOutcome = 'ok' | { errorCode: string; errorMessage?: string };
export type CallScript = (entries: PutEventsRequestEntry[], call: number) => EntryOutcome[] | Error;

/**
 * A test double for the EventBridge client: records every PutEvents input and answers the way
 * PutEvents does (per-entry EventId or ErrorCode, FailedEntryCount), following a script.
 */
export class RecordingPutEventsClient implements PutEventsClient {
  readonly calls: PutEventsRequestEntry[][] = [];
  /** Every entry sent, in sending order, with whether this send was accepted. */
  readonly sends: { eventId: string; accepted: boolean }[] = [];

  constructor(private readonly script: CallScript = (entries) => entries.map(() => 'ok')) {}

  async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
    const entries = [...(command.input.Entries ?? [])];
    this.calls.push(entries);
    const outcome = this.script(entries, this.calls.length);
    if (outcome instanceof Error) throw outcome;
    const results = entries.map((entry, index) => {
      const result = outcome[index] ?? 'ok';
      this.sends.push({ eventId: eventIdOf(entry), accepted: result === 'ok' });
      return result === 'ok'
        ? { EventId: `bus-${this.calls.length}-${index}` }
        : { ErrorCode: result.errorCode, ErrorMessage: result.errorMessage };
    });
    return {
      FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
      Entries: results,
      $metadata: {},
    };
  }

  /** Parsed `detail.metadata.eventId` of each entry of each call. */
  eventIdsPerCall(): string[][] {
    return this.calls.map((entries) => entries.map(eventIdOf));
  }
}

export const eventIdOf = (entry: PutEventsRequestEntry): string =>
  (JSON.parse(entry.Detail ?? '{}') as { metadata: { eventId: string } }).metadata.eventId;
