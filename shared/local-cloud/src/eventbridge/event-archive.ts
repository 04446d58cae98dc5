import { createReadStream, createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { isPlainObject, parseJsonPreservingNumbers } from './json-text';

export interface ArchivedEvent {
  /** When the bus accepted the event (millisecond precision; replay windows use it). */
  readonly ingestedAt: Date;
  readonly eventBusName: string;
  readonly event: Record<string, unknown>;
  readonly eventJson: string;
}

export interface ArchiveWindow {
  readonly since: Date;
  /** Exclusive; open-ended when absent. */
  readonly until?: Date;
}

/**
 * Every accepted event, one JSON line each (`{"ingestedAt","eventBusName","event"}`), appended
 * to `<dataDir>/eventbridge/archive.jsonl` so a window can be replayed after a restart.
 */
export class EventArchive {
  private stream?: WriteStream;

  constructor(readonly file: string) {}

  static inDataDir(dataDir: string): EventArchive {
    return new EventArchive(join(dataDir, 'eventbridge', 'archive.jsonl'));
  }

  append(ingestedAt: Date, eventBusName: string, eventJson: string): void {
    if (!this.stream) {
      mkdirSync(dirname(this.file), { recursive: true });
      this.stream = createWriteStream(this.file, { flags: 'a' });
    }
    const meta = JSON.stringify({ ingestedAt: ingestedAt.toISOString(), eventBusName });
    this.stream.write(`${meta.slice(0, -1)},"event":${eventJson}}\n`);
  }

  /** Resolves once everything appended so far has reached the file. */
  flush(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve, reject) => stream.write('', (error) => (error ? reject(error) : resolve())));
  }

  async *read(window: ArchiveWindow): AsyncGenerator<ArchivedEvent> {
    await this.flush();
    if (!existsSync(this.file)) return;
    const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const record = parseJsonPreservingNumbers(line);
      if (!isPlainObject(record) || !isPlainObject(record.event) || typeof record.ingestedAt !== 'string')
        continue;
      const ingestedAt = new Date(record.ingestedAt);
      if (ingestedAt < window.since || (window.until && ingestedAt >= window.until)) continue;
      yield {
        ingestedAt,
        eventBusName: String(record.eventBusName ?? 'default'),
        event: record.event,
        eventJson: JSON.stringify(record.event),
      };
    }
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
}
