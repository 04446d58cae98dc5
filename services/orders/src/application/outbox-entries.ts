import type { OrderCommand, OrderEvent } from '../domain/order-events';
import type { IdGenerator } from '../ports/id-generator';
import type { OutboxEntry } from '../ports/outbox-event';

export interface Causation {
  /** The saga's correlation id (the order's, from the request that placed it). */
  correlationId: string;
  /** Id of the event or command that caused these; absent when a request or a schedule did. */
  causationId?: string;
}

/**
 * Gives each event and command of one transition its id and time, once, before they are written:
 * whatever delivers them later delivers the same ids (consumers drop repeats by id).
 */
export function outboxEntries(
  events: readonly OrderEvent[],
  commands: readonly OrderCommand[],
  causation: Causation,
  ids: IdGenerator,
  now: Date,
): OutboxEntry[] {
  const occurredAt = now.toISOString();
  const common = {
    correlationId: causation.correlationId,
    ...(causation.causationId === undefined ? {} : { causationId: causation.causationId }),
    occurredAt,
  };
  return [
    ...events.map((event) => ({ eventId: ids.newId(), event, ...common })),
    ...commands.map((command) => ({ commandId: ids.newId(), command, ...common })),
  ];
}
