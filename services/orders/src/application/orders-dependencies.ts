import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { OrderStore } from '../ports/order-store';

/** What every use case that reads or changes orders needs. */
export interface OrdersDependencies {
  store: OrderStore;
  clock: Clock;
  ids: IdGenerator;
}

/** Settings of the order lifecycle (from configuration). */
export interface OrderSettings {
  /** How long an order may wait for inventory's answer before it is cancelled (RESERVATION_EXPIRED). */
  pendingTimeoutSeconds: number;
  /** How long an Idempotency-Key is remembered. */
  idempotencyKeySeconds: number;
}

export const DEFAULT_IDEMPOTENCY_KEY_SECONDS = 24 * 3600;
