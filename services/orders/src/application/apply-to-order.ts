import type { Order } from '../domain/order';
import type { OrderInput } from '../domain/order-inputs';
import { applyInput } from '../domain/order-state-machine';
import type { Transition } from '../domain/order-transition';
import { InputAlreadyAppliedError, OrderVersionConflictError } from '../ports/order-store';
import type { OrdersDependencies } from './orders-dependencies';
import { outboxEntries } from './outbox-entries';

export interface InputCause {
  /**
   * Id of the message (event or command) that carries the input. It becomes the causation id of
   * what the transition emits, and the store records it with the change, so a redelivery of the
   * same message changes nothing (not even a compensation). Absent for requests and schedules.
   */
  messageId?: string;
}

export type ApplyOutcome =
  | { kind: 'applied'; order: Order; transition: Extract<Transition, { outcome: 'applied' }> }
  | { kind: 'ignored'; order: Order; transition: Extract<Transition, { outcome: 'ignored' }> }
  | { kind: 'refused'; order: Order; transition: Extract<Transition, { outcome: 'refused' }> }
  /** This message was applied to the order before: nothing was written. */
  | { kind: 'duplicate'; orderId: string }
  | { kind: 'not-found'; orderId: string };

const MAX_ATTEMPTS = 8;

/**
 * Applies one input to one order: read, decide (the pure state machine), write the new state
 * with its events and commands in one conditional write. A concurrent change of the same order
 * makes the write fail on the version; the input is then applied again to what is there now
 * (re-deciding, never overwriting), so of two racing inputs both take effect in some order.
 */
export async function applyToOrder(
  deps: OrdersDependencies,
  orderId: string,
  input: OrderInput,
  cause: InputCause = {},
): Promise<ApplyOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const order = await deps.store.get(orderId);
    if (order === undefined) return { kind: 'not-found', orderId };
    const transition = applyInput(order, input, deps.clock.now());
    if (transition.outcome === 'refused') return { kind: 'refused', order, transition };

    const outbox = outboxEntries(
      transition.events,
      transition.commands,
      {
        correlationId: order.correlationId,
        ...(cause.messageId === undefined ? {} : { causationId: cause.messageId }),
      },
      deps.ids,
      deps.clock.now(),
    );
    const options = cause.messageId === undefined ? {} : { causedBy: cause.messageId };
    try {
      if (transition.outcome === 'applied') {
        await deps.store.save(transition.order, order.version, outbox, options);
        return { kind: 'applied', order: transition.order, transition };
      }
      // Ignored inputs change nothing; a compensation (release stock, refund) is still written.
      await deps.store.appendOutbox(orderId, outbox, options);
      return { kind: 'ignored', order, transition };
    } catch (error) {
      if (error instanceof InputAlreadyAppliedError) return { kind: 'duplicate', orderId };
      if (!(error instanceof OrderVersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.floor(Math.random() * Math.min(200, 10 * 2 ** attempt)));
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
