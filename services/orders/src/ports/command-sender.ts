import type { OutboxCommand } from './outbox-command';

export interface SendOutcome {
  /** Ids of the commands that were not accepted by their queue; every other one was. */
  failedCommandIds: string[];
}

/** Puts stored commands on the service's own work queues (payments, notifications). */
export interface OrderCommandSender {
  send(commands: OutboxCommand[]): Promise<SendOutcome>;
}
