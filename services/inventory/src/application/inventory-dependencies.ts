import type { RandomSource } from '../domain/random-source';
import type { Clock } from '../ports/clock';
import type { InventoryEventPublisher } from '../ports/event-publisher';
import type { IdGenerator } from '../ports/id-generator';
import type { StockStore } from '../ports/stock-store';

/** Everything the use cases need, wired once per Lambda container (see handlers/wiring.ts). */
export interface InventoryDependencies {
  store: StockStore;
  publisher: InventoryEventPublisher;
  clock: Clock;
  ids: IdGenerator;
  /** Picks each line's start shard. */
  random: RandomSource;
  /** How long a reservation holds before it may expire (announced as `expiresAt`). */
  holdSeconds: number;
  /** How long after `expiresAt` inventory's backstop releases a hold orders has not settled. */
  expiryGraceSeconds: number;
}

/**
 * A saga fact that contradicts another (confirmed without a live hold, cancelled after being
 * sold). Retrying cannot fix it: the message goes to the dead-letter queue, whose alarm pages.
 */
export class SagaInconsistencyError extends Error {
  override readonly name = 'SagaInconsistencyError';
}
