import { decideIdempotency, requestFingerprint, type IdempotencyRecord } from '../domain/idempotency';
import { placeOrder } from '../domain/place-order';
import type { PlaceOrderRequest } from '../domain/place-order-request';
import type { OrderSettings, OrdersDependencies } from './orders-dependencies';
import { outboxEntries } from './outbox-entries';

export interface AcceptOrderCommand {
  customerId: string;
  contactEmail?: string;
  idempotencyKey: string;
  request: PlaceOrderRequest;
  correlationId: string;
}

export interface AcceptedResponse {
  statusCode: number;
  body: unknown;
}

export type AcceptOrderOutcome =
  | { kind: 'accepted'; orderId: string; response: AcceptedResponse }
  /** The same key and body were seen before: the first response, unchanged. */
  | { kind: 'replayed'; response: AcceptedResponse }
  /** The same key came with another body. */
  | { kind: 'key-reused'; message: string };

/**
 * `POST /orders`: a new PENDING order, its Idempotency-Key record and its OrderPlaced, written in
 * one transaction. The write is tried first (one round trip in the common case); when the key is
 * already taken, the stored record decides: replay the first answer, or refuse another body.
 */
export async function acceptOrder(
  deps: OrdersDependencies,
  settings: OrderSettings,
  command: AcceptOrderCommand,
): Promise<AcceptOrderOutcome> {
  const now = deps.clock.now();
  const requestHash = requestFingerprint(command.request);
  const { order, events } = placeOrder({
    orderId: deps.ids.newId(),
    customerId: command.customerId,
    correlationId: command.correlationId,
    request: command.request,
    now,
    pendingTimeoutSeconds: settings.pendingTimeoutSeconds,
    ...(command.contactEmail === undefined ? {} : { contactEmail: command.contactEmail }),
  });
  const response: AcceptedResponse = {
    statusCode: 202,
    body: { orderId: order.orderId, status: order.status },
  };
  const record: IdempotencyRecord = {
    customerId: command.customerId,
    key: command.idempotencyKey,
    requestHash,
    orderId: order.orderId,
    response,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + settings.idempotencyKeySeconds * 1000).toISOString(),
  };
  const outbox = outboxEntries(events, [], { correlationId: command.correlationId }, deps.ids, now);

  const result = await deps.store.create(order, record, outbox);
  if (result.created) return { kind: 'accepted', orderId: order.orderId, response };

  const decision = decideIdempotency(result.existing, { customerId: command.customerId, requestHash }, now);
  switch (decision.action) {
    case 'replay':
      return { kind: 'replayed', response: decision.response };
    case 'reject':
      return { kind: 'key-reused', message: decision.message };
    case 'execute':
      // The store only reports a record that is still valid; anything else is a store bug.
      throw new Error(`the store reported an expired idempotency record for key ${command.idempotencyKey}`);
  }
}
