import type { OrderCommand } from '../domain/order-events';

/**
 * Work the orders service gives itself (charge, refund, notify), stored in the same write as the
 * state change that decided it and sent to the service's own queues from the table's stream, the
 * same way as outbox events. A payment request is therefore queued exactly when the order became
 * RESERVED, never for an order whose change was lost, and never lost after the change was saved.
 */
export interface OutboxCommand {
  /** Fixed when written; travels with the message, so a resend is recognisably the same command. */
  commandId: string;
  command: OrderCommand;
  correlationId: string;
  /** Id of the event or command that caused this one. */
  causationId?: string;
  occurredAt: string;
}
