import type { CancellationReason } from '../domain/order';
import { applyToOrder } from './apply-to-order';
import type { OrdersDependencies } from './orders-dependencies';

export interface SweepOptions {
  /** Orders asked for per query of the deadline index. */
  pageSize: number;
  /** Stop starting new pages after this many milliseconds (leave the rest to the next run). */
  budgetMs: number;
  /** Orders expired at the same time. */
  concurrency: number;
}

export interface SweepOutcome {
  examined: number;
  expired: number;
  /** Confirmed or cancelled since the index was read, or not yet due: left as they are. */
  skipped: number;
  cancelled: { orderId: string; reason: CancellationReason }[];
}

/**
 * The reservation deadline is owned here: overdue PENDING or RESERVED orders are cancelled with
 * RESERVATION_EXPIRED. Each cancellation is a conditional write on the order's version, so a
 * payment confirmed at the same moment and the expiry cannot both win; the OrderCancelled that
 * follows makes inventory release the hold.
 */
export async function expireOverdueOrders(
  deps: OrdersDependencies,
  options: SweepOptions,
): Promise<SweepOutcome> {
  const started = Date.now();
  const outcome: SweepOutcome = { examined: 0, expired: 0, skipped: 0, cancelled: [] };
  const seen = new Set<string>();
  while (Date.now() - started < options.budgetMs) {
    const due = (await deps.store.findOverdue(deps.clock.now(), options.pageSize)).filter(
      (ref) => !seen.has(ref.orderId),
    );
    if (due.length === 0) break;
    for (let start = 0; start < due.length; start += options.concurrency) {
      await Promise.all(
        due.slice(start, start + options.concurrency).map(async ({ orderId }) => {
          seen.add(orderId);
          outcome.examined += 1;
          const result = await applyToOrder(deps, orderId, { type: 'DeadlinePassed' });
          if (result.kind === 'applied' && result.order.status === 'CANCELLED') {
            outcome.expired += 1;
            outcome.cancelled.push({ orderId, reason: result.order.cancellation.reason });
          } else {
            outcome.skipped += 1;
          }
        }),
      );
    }
    // The index is eventually consistent: a short page means this run saw everything due.
    if (due.length < options.pageSize) break;
  }
  return outcome;
}
