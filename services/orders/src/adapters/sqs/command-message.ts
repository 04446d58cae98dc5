import { Sku } from '@stratus/events';
import { z } from 'zod';

/**
 * The body of a message on the orders service's own work queues, as the outbox relay writes it
 * and the workers read it. Commands are internal to this service, so their format lives here,
 * not in the event catalog.
 */
const Line = z.strictObject({ sku: Sku, quantity: z.int().min(1) });
const Lines = z.array(Line).min(1);

export const RequestPaymentCommand = z.strictObject({
  type: z.literal('RequestPayment'),
  orderId: z.uuid(),
  customerId: z.string().min(1),
  reservationId: z.string().min(1),
  items: Lines,
});
export const RefundPaymentCommand = z.strictObject({
  type: z.literal('RefundPayment'),
  orderId: z.uuid(),
  paymentId: z.string().min(1),
  why: z.string(),
});
export const NotifyShippingCommand = z.strictObject({
  type: z.literal('NotifyShipping'),
  orderId: z.uuid(),
  customerId: z.string().min(1),
  contactEmail: z.string().optional(),
  items: Lines,
  confirmedAt: z.iso.datetime(),
});

const envelope = <T extends z.ZodType>(command: T) =>
  z.strictObject({
    commandId: z.uuid(),
    correlationId: z.string().min(1),
    causationId: z.string().optional(),
    issuedAt: z.iso.datetime(),
    command,
  });

export const PaymentMessage = envelope(
  z.discriminatedUnion('type', [RequestPaymentCommand, RefundPaymentCommand]),
);
export type PaymentMessage = z.output<typeof PaymentMessage>;

export const NotificationMessage = envelope(NotifyShippingCommand);
export type NotificationMessage = z.output<typeof NotificationMessage>;
