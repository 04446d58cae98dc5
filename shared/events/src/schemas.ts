import { z } from 'zod';

/**
 * Building blocks shared by several contracts. Each one is strict on purpose: an event is read
 * by services that were deployed at another time, so everything it carries is spelled out.
 */

/** Upper-case stock keeping unit, e.g. `TSHIRT-RED-XL`: a stem and up to three variant parts. */
export const SKU_PATTERN = /^[A-Z0-9]{3,12}(-[A-Z0-9]{1,12}){0,3}$/;
export const Sku = z
  .string()
  .regex(SKU_PATTERN, { error: 'must be a SKU like ABC-123 (upper-case, dashes)' });

/** How many units of one SKU a single order line may ask for. */
export const Quantity = z.int().min(1).max(100);

export const MAX_ORDER_LINES = 50;

export const OrderId = z.uuid();
export const CustomerId = z.string().min(1).max(128);
export const ReservationId = z.uuid();

/** UTC timestamps as `Date.prototype.toISOString()` writes them. */
export const IsoTimestamp = z.iso.datetime();

export const OrderLine = z.strictObject({ sku: Sku, quantity: Quantity });
export const OrderLines = z.array(OrderLine).min(1).max(MAX_ORDER_LINES);

/** S3 location of an object the event refers to. */
export const S3Location = z.strictObject({
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' }),
  key: z.string().min(1).max(1024),
});

export const MediaId = z.uuid();

/** Device ids are used in MQTT topics, so they stay within topic-safe characters. */
export const DeviceId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/, { error: 'must be 3-64 letters, digits, - or _' });

export const ReportId = z.uuid();
export const ReportType = z.enum(['DAILY_SALES', 'INVENTORY_SNAPSHOT', 'DEVICE_HEALTH']);
export const ReportPeriod = z.strictObject({ from: IsoTimestamp, to: IsoTimestamp });

export const StepFunctionsExecutionArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/, {
    error: 'must be a Step Functions execution ARN',
  });
