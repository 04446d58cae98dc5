export interface FailedEntry {
  /** The event's `metadata.eventId`. */
  eventId: string;
  source: string;
  detailType: string;
  /** PutEvents' per-entry ErrorCode, or the name of the error the call itself threw. */
  errorCode: string;
  errorMessage?: string;
  /** How many times this entry was sent. */
  attempts: number;
}

/**
 * Some events could not be published after every allowed attempt. The others were published:
 * `publishedEventIds` lists them, so a caller can tell exactly what reached the bus.
 */
export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
  readonly failed: readonly FailedEntry[];
  readonly publishedEventIds: readonly string[];

  constructor(
    failed: readonly FailedEntry[],
    publishedEventIds: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `${failed.length} event(s) could not be published (${publishedEventIds.length} published): ` +
        failed
          .map(
            (entry) =>
              `${entry.source} ${entry.detailType} ${entry.eventId}: ${entry.errorCode}` +
              `${entry.errorMessage ? ` (${entry.errorMessage})` : ''} after ${entry.attempts} attempt(s)`,
          )
          .join('; '),
      options,
    );
    this.failed = failed;
    this.publishedEventIds = publishedEventIds;
  }
}
