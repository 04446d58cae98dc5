import { z } from 'zod';
import type { IdempotencyRecord } from '../../domain/idempotency';
import { CANCELLATION_REASONS, type Order } from '../../domain/order';
import type { OrderCommand } from '../../domain/order-events';
import type { OutboxCommand } from '../../ports/outbox-command';
import { isOutboxCommand, type OutboxEntry, type OutboxEvent } from '../../ports/outbox-event';
import { keys, openOrdersByDeadline } from './orders-table';

/**
 * Item <-> domain mapping. Items are parsed on the way in, so a malformed item fails where it
 * is read rather than somewhere downstream.
 */
const Line = z.object({ sku: z.string(), quantity: z.int().min(1) });
const common = {
  orderId: z.string(),
  customerId: z.string(),
  items: z.array(Line).min(1),
  correlationId: z.string(),
  contactEmail: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int().min(1),
};
const OrderItem = z.discriminatedUnion('status', [
  z.object({ ...common, status: z.literal('PENDING'), deadline: z.string() }),
  z.object({
    ...common,
    status: z.literal('RESERVED'),
    reservationId: z.string(),
    reservedAt: z.string(),
    deadline: z.string(),
  }),
  z.object({
    ...common,
    status: z.literal('CONFIRMED'),
    reservationId: z.string(),
    reservedAt: z.string(),
    paymentId: z.string(),
    confirmedAt: z.string(),
  }),
  z.object({
    ...common,
    status: z.literal('CANCELLED'),
    cancellation: z.object({
      reason: z.enum(CANCELLATION_REASONS),
      at: z.string(),
      detail: z.string().optional(),
    }),
    reservationId: z.string().optional(),
    reservedAt: z.string().optional(),
  }),
]);

const IdempotencyItem = z.object({
  customerId: z.string(),
  key: z.string(),
  requestHash: z.string(),
  orderId: z.string(),
  response: z.object({ statusCode: z.int(), body: z.unknown() }),
  createdAt: z.string(),
  expiresAt: z.string(),
});

const OutboxItem = z.object({
  eventId: z.string(),
  eventType: z.enum(['OrderPlaced', 'OrderConfirmed', 'OrderCancelled']),
  data: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  causationId: z.string().optional(),
  occurredAt: z.string(),
});

const Lines = z.array(Line).min(1);
const OutboxCommandItem = z.object({
  commandId: z.string(),
  commandType: z.enum(['RequestPayment', 'RefundPayment', 'NotifyShipping']),
  command: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('RequestPayment'),
      orderId: z.string(),
      customerId: z.string(),
      reservationId: z.string(),
      items: Lines,
    }),
    z.object({
      type: z.literal('RefundPayment'),
      orderId: z.string(),
      paymentId: z.string(),
      why: z.string(),
    }),
    z.object({
      type: z.literal('NotifyShipping'),
      orderId: z.string(),
      customerId: z.string(),
      contactEmail: z.string().optional(),
      items: Lines,
      confirmedAt: z.string(),
    }),
  ]),
  correlationId: z.string(),
  causationId: z.string().optional(),
  occurredAt: z.string(),
});

/** Item types the stream relay delivers (the `type` attribute; filter patterns use it too). */
export const OUTBOX_ITEM_TYPES = ['OutboxEvent', 'OutboxCommand'] as const;

export const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;
/** Inbox markers outlive every redelivery: SQS keeps messages 4 days, EventBridge retries 24 h. */
export const INBOX_RETENTION_SECONDS = 7 * 24 * 3600;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Open orders carry the deadline index keys; terminal ones drop out of it. */
export function orderItem(order: Order): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...keys.order(order.orderId),
    type: 'Order',
    ...order,
    gsi1pk: keys.customerPartition(order.customerId),
    gsi1sk: keys.customerSort(order.createdAt, order.orderId),
  };
  if (order.status === 'PENDING' || order.status === 'RESERVED') {
    Object.assign(item, openOrdersByDeadline.keysFor(order.orderId, order.deadline));
  }
  return item;
}

export function toOrder(item: Record<string, unknown>): Order {
  return OrderItem.parse(item);
}

export function idempotencyItem(record: IdempotencyRecord): Record<string, unknown> {
  return {
    ...keys.idempotency(record.customerId, record.key),
    type: 'IdempotencyRecord',
    ...record,
    ttl: epochSeconds(record.expiresAt),
  };
}

export function toIdempotencyRecord(item: Record<string, unknown>): IdempotencyRecord {
  return IdempotencyItem.parse(item);
}

export function outboxItem(orderId: string, entry: OutboxEntry): Record<string, unknown> {
  return isOutboxCommand(entry) ? outboxCommandItem(orderId, entry) : outboxEventItem(orderId, entry);
}

function outboxCommandItem(orderId: string, outbox: OutboxCommand): Record<string, unknown> {
  return {
    ...keys.outbox(orderId, outbox.occurredAt, outbox.commandId),
    type: 'OutboxCommand',
    commandId: outbox.commandId,
    commandType: outbox.command.type,
    command: outbox.command,
    correlationId: outbox.correlationId,
    causationId: outbox.causationId,
    occurredAt: outbox.occurredAt,
    ttl: epochSeconds(outbox.occurredAt) + OUTBOX_RETENTION_SECONDS,
  };
}

export function inboxItem(orderId: string, messageId: string, at: Date): Record<string, unknown> {
  return {
    ...keys.inbox(orderId, messageId),
    type: 'InboxMarker',
    messageId,
    appliedAt: at.toISOString(),
    ttl: Math.floor(at.getTime() / 1000) + INBOX_RETENTION_SECONDS,
  };
}

function outboxEventItem(orderId: string, outbox: OutboxEvent): Record<string, unknown> {
  return {
    ...keys.outbox(orderId, outbox.occurredAt, outbox.eventId),
    type: 'OutboxEvent',
    eventId: outbox.eventId,
    eventType: outbox.event.type,
    data: outbox.event.data,
    correlationId: outbox.correlationId,
    causationId: outbox.causationId,
    occurredAt: outbox.occurredAt,
    ttl: epochSeconds(outbox.occurredAt) + OUTBOX_RETENTION_SECONDS,
  };
}

/** For the stream relay: an outbox item (already unmarshalled) back into what was stored. */
export function toOutboxEntry(item: Record<string, unknown>): OutboxEntry {
  if (item.type === 'OutboxCommand') {
    const parsed = OutboxCommandItem.parse(item);
    return {
      commandId: parsed.commandId,
      command: parsed.command as OrderCommand,
      correlationId: parsed.correlationId,
      ...(parsed.causationId === undefined ? {} : { causationId: parsed.causationId }),
      occurredAt: parsed.occurredAt,
    };
  }
  if (item.type === 'OutboxEvent') return toOutboxEvent(item);
  throw new Error(
    `item ${String(item.pk)} / ${String(item.sk)} is not an outbox entry (type ${String(item.type)})`,
  );
}

/** An outbox event item (already unmarshalled) back into an OutboxEvent. */
export function toOutboxEvent(item: Record<string, unknown>): OutboxEvent {
  const parsed = OutboxItem.parse(item);
  return {
    eventId: parsed.eventId,
    // The data was written from a typed domain event of the same type.
    event: { type: parsed.eventType, data: parsed.data } as OutboxEvent['event'],
    correlationId: parsed.correlationId,
    ...(parsed.causationId === undefined ? {} : { causationId: parsed.causationId }),
    occurredAt: parsed.occurredAt,
  };
}
