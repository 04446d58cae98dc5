import type { OrderCommandSender } from '../ports/command-sender';
import type { OrderEventPublisher } from '../ports/event-publisher';
import type { OutboxCommand } from '../ports/outbox-command';
import { isOutboxCommand, type OutboxEntry, type OutboxEvent } from '../ports/outbox-event';

export interface RelayDependencies {
  publisher: OrderEventPublisher;
  sender: OrderCommandSender;
}

export interface StreamedEntry {
  /** The stream record's sequence number: what a partial batch failure names. */
  sequenceNumber: string;
  entry: OutboxEntry;
}

export interface RelayOutcome {
  published: number;
  sent: number;
  /**
   * Sequence numbers of the entries that were not delivered, in stream order. The stream retries
   * from the first of them; entries after it that did go out are delivered again then, with the
   * same ids, which consumers drop.
   */
  failed: string[];
}

/**
 * The outbox relay: entries that the table's stream delivers (in the order they were written)
 * go out with the ids they were stored with, events to the bus and commands to their queues, in
 * as few calls as the APIs allow.
 */
export async function relayOutbox(
  deps: RelayDependencies,
  entries: readonly StreamedEntry[],
): Promise<RelayOutcome> {
  const events = entries.filter((item) => !isOutboxCommand(item.entry)) as (StreamedEntry & {
    entry: OutboxEvent;
  })[];
  const commands = entries.filter((item) => isOutboxCommand(item.entry)) as (StreamedEntry & {
    entry: OutboxCommand;
  })[];
  const [published, sent] = await Promise.all([
    events.length === 0 ? { failedEventIds: [] } : deps.publisher.publish(events.map((item) => item.entry)),
    commands.length === 0 ? { failedCommandIds: [] } : deps.sender.send(commands.map((item) => item.entry)),
  ]);
  const failedEvents = new Set(published.failedEventIds);
  const failedCommands = new Set(sent.failedCommandIds);
  const failed = entries
    .filter(({ entry }) =>
      isOutboxCommand(entry) ? failedCommands.has(entry.commandId) : failedEvents.has(entry.eventId),
    )
    .map((item) => item.sequenceNumber);
  return {
    published: events.length - failedEvents.size,
    sent: commands.length - failedCommands.size,
    failed,
  };
}
