import type { Order } from './order';
import type { OrderCommand, OrderEvent } from './order-events';

/** Why an input left the order as it was (duplicates and late arrivals are normal on a bus). */
export type IgnoredBecause =
  /** The same fact was already applied (a redelivered event). */
  | 'DUPLICATE'
  /** The order already reached a terminal state; the input came too late to matter. */
  | 'ALREADY_TERMINAL'
  /** The input contradicts a fact that was applied earlier and wins. */
  | 'SUPERSEDED'
  /** The input contradicts a terminal fact in a way a person must look at (stock released for
   * an order that is already confirmed). Handlers log it as an error and count it. */
  | 'INCONSISTENT';

export type RefusalCode =
  /** A customer tried to cancel an order that is already confirmed (HTTP 409). */
  | 'ORDER_ALREADY_CONFIRMED'
  /** The sweeper asked to expire an order whose deadline is still ahead. */
  | 'DEADLINE_NOT_REACHED'
  /** The input cannot happen in this state unless something upstream is broken (e.g. a payment
   * result for an order that was never reserved): retried, then dead-lettered. */
  | 'INVALID_TRANSITION';

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export type Transition =
  | { outcome: 'applied'; order: Order; events: OrderEvent[]; commands: OrderCommand[] }
  /** No state change; `events`/`commands` hold compensations (e.g. release stock that was
   * reserved for an order already cancelled, refund a payment taken for it). */
  | {
      outcome: 'ignored';
      order: Order;
      because: IgnoredBecause;
      events: OrderEvent[];
      commands: OrderCommand[];
    }
  | { outcome: 'refused'; order: Order; refusal: Refusal };
