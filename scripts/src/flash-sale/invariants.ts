export type OrderStatus = 'PENDING' | 'RESERVED' | 'CONFIRMED' | 'CANCELLED';
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['CONFIRMED', 'CANCELLED']);

export interface OrderLine {
  sku: string;
  quantity: number;
}

/** An order attempt that POST /orders answered with 202. */
export interface AcceptedOrder {
  idempotencyKey: string;
  customerId: string;
  orderId: string;
  items: readonly OrderLine[];
}

/** The last state seen of an order (GET /orders lists it with its lines). */
export interface FinalOrder {
  orderId: string;
  status: OrderStatus;
  cancellationReason?: string;
  items: readonly OrderLine[];
}

/** One SKU's books after the run: what was put on sale, and what inventory says happened. */
export interface SkuBooks {
  sku: string;
  restocked: number;
  available: number;
  reserved: number;
  sold: number;
}

export interface InvariantInput {
  /** Every 202 answer (a replayed key may answer the same order again). */
  accepted: readonly AcceptedOrder[];
  /** Every order the run's customers have (GET /orders), by order id, in its last state. */
  final: ReadonlyMap<string, FinalOrder & { customerId: string }>;
  /**
   * Requests per customer that never got a definitive answer (no answer, or 5xx after the
   * client's retries): each may have created an order nobody was told about.
   */
  unanswered: ReadonlyMap<string, number>;
  /** Distinct OrderConfirmed events on the bus per order id (the bus archive). */
  confirmations: ReadonlyMap<string, number>;
  books: readonly SkuBooks[];
}

export interface InvariantReport {
  /** Units confirmed (or sold by inventory) beyond the stock put on sale, summed over SKUs. */
  oversold: number;
  /** Orders (accepted, or found in a customer's list) that did not reach CONFIRMED or CANCELLED. */
  lost: number;
  /**
   * Extra confirmations of one order, second orders from one idempotency key, and orders a
   * customer has that neither an accepted request nor an unanswered one explains.
   */
  duplicated: number;
  /**
   * Disagreement between the two services' books: |sold - confirmed units|, units still
   * reserved when every order is terminal, and available + reserved + sold != stock.
   */
  booksMismatch: number;
  confirmedUnits: Record<string, number>;
  statusCounts: Record<string, number>;
  cancellationReasons: Record<string, number>;
  /** Orders that exist although their request got no definitive answer (explained, not errors). */
  unacknowledged: number;
  /** The first few concrete violations, for people. */
  examples: string[];
}

const MAX_EXAMPLES = 10;

/**
 * The flash sale's invariants from what the bench observed. Pure: the bench gathers the
 * observations over HTTP and from the bus archive, this decides what they mean.
 */
export function computeInvariants(input: InvariantInput): InvariantReport {
  const examples: string[] = [];
  const note = (text: string) => {
    if (examples.length < MAX_EXAMPLES) examples.push(text);
  };

  const statusCounts: Record<string, number> = {};
  const cancellationReasons: Record<string, number> = {};
  const confirmedUnits: Record<string, number> = {};
  for (const book of input.books) confirmedUnits[book.sku] = 0;

  let lost = 0;
  let duplicated = 0;
  const orderIdsByKey = new Map<string, Set<string>>();
  const acceptedIds = new Set<string>();
  for (const order of input.accepted) {
    const scopedKey = `${order.customerId}\u0000${order.idempotencyKey}`;
    const ids = orderIdsByKey.get(scopedKey) ?? new Set<string>();
    ids.add(order.orderId);
    orderIdsByKey.set(scopedKey, ids);
    acceptedIds.add(order.orderId);
    if (!input.final.has(order.orderId)) {
      lost++;
      statusCounts.MISSING = (statusCounts.MISSING ?? 0) + 1;
      note(`lost: accepted order ${order.orderId} is not among its customer's orders`);
    }
  }

  const unexplained = new Map<string, number>();
  for (const order of input.final.values()) {
    statusCounts[order.status] = (statusCounts[order.status] ?? 0) + 1;
    if (!acceptedIds.has(order.orderId))
      unexplained.set(order.customerId, (unexplained.get(order.customerId) ?? 0) + 1);
    if (!TERMINAL_STATUSES.has(order.status)) {
      lost++;
      note(`lost: order ${order.orderId} is still ${order.status}`);
    } else if (order.status === 'CANCELLED') {
      const reason = order.cancellationReason ?? 'UNKNOWN';
      cancellationReasons[reason] = (cancellationReasons[reason] ?? 0) + 1;
    } else {
      for (const line of order.items)
        confirmedUnits[line.sku] = (confirmedUnits[line.sku] ?? 0) + line.quantity;
    }
  }

  for (const [scopedKey, ids] of orderIdsByKey) {
    if (ids.size > 1) {
      duplicated += ids.size - 1;
      note(`duplicated: idempotency key ${scopedKey.split('\u0000')[1]} created ${ids.size} orders`);
    }
  }
  for (const [orderId, count] of input.confirmations) {
    if (count > 1) {
      duplicated += count - 1;
      note(`duplicated: order ${orderId} was confirmed ${count} times`);
    }
  }
  let unacknowledged = 0;
  for (const [customerId, count] of unexplained) {
    const explained = input.unanswered.get(customerId) ?? 0;
    unacknowledged += Math.min(count, explained);
    if (count > explained) {
      duplicated += count - explained;
      note(
        `duplicated: customer ${customerId} has ${count} order(s) no accepted request created (${explained} request(s) went unanswered)`,
      );
    }
  }

  let oversold = 0;
  let booksMismatch = 0;
  for (const book of input.books) {
    const confirmed = confirmedUnits[book.sku] ?? 0;
    const beyond = Math.max(confirmed, book.sold) - book.restocked;
    if (beyond > 0) {
      oversold += beyond;
      note(`oversold: ${book.sku} confirmed ${confirmed} and sold ${book.sold} of ${book.restocked} units`);
    }
    if (book.sold !== confirmed) {
      booksMismatch += Math.abs(book.sold - confirmed);
      note(`books: ${book.sku} inventory sold ${book.sold}, orders confirmed ${confirmed}`);
    }
    if (book.reserved !== 0) {
      booksMismatch += book.reserved;
      note(`books: ${book.sku} still has ${book.reserved} reserved unit(s) after every order ended`);
    }
    const total = book.available + book.reserved + book.sold;
    if (total !== book.restocked) {
      booksMismatch += Math.abs(total - book.restocked);
      note(`books: ${book.sku} available + reserved + sold = ${total}, stock was ${book.restocked}`);
    }
  }

  return {
    oversold,
    lost,
    duplicated,
    booksMismatch,
    confirmedUnits,
    statusCounts,
    cancellationReasons,
    unacknowledged,
    examples,
  };
}
