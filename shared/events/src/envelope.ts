import { z } from 'zod';
import { IsoTimestamp } from './schemas';

/**
 * Metadata every event carries next to its data. `eventId` is the consumers' idempotency key;
 * `correlationId` follows one business flow across every hop; `causationId` is the `eventId`
 * of the event that caused this one (absent for events caused directly by a request).
 */
export const EventMetadataSchema = z.strictObject({
  eventId: z.uuid(),
  correlationId: z.string().min(1).max(256),
  causationId: z.uuid().optional(),
  version: z.int().min(1),
  occurredAt: IsoTimestamp,
});

export type EventMetadata = z.output<typeof EventMetadataSchema>;

/** The `detail` schema of one contract: its metadata pinned to the contract's version. */
export const detailSchemaFor = <TData extends z.ZodObject>(version: number, data: TData) =>
  z.strictObject({
    metadata: EventMetadataSchema.extend({ version: z.literal(version) }),
    data,
  });
