import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

type StoredItem = {
  status: string;
  expiryTimestamp?: number;
  inProgressExpiryTimestamp?: number;
  responseData?: IdempotencyRecord['responseData'];
  payloadHash?: string;
};

/**
 * Test double for the idempotency table, keeping the item semantics of Powertools'
 * DynamoDBPersistenceLayer: a conditional put (key absent, expired, or in progress past its
 * in-progress expiry), updates that keep the payload hash, deletes on failure. All the
 * idempotency logic above it (hashing, validation, replay, in-progress detection) is Powertools'
 * own. The DynamoDB layer itself is exercised against DynamoDB Local in integration tests.
 */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly items = new Map<string, StoredItem>();

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const item = this.items.get(idempotencyKey);
    if (!item) throw new IdempotencyItemNotFoundError();
    return new IdempotencyRecord({ idempotencyKey, ...item } as ConstructorParameters<
      typeof IdempotencyRecord
    >[0]);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.items.get(record.idempotencyKey);
    const now = Date.now();
    const replaceable =
      existing === undefined ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) ||
      (existing.status === 'INPROGRESS' &&
        existing.inProgressExpiryTimestamp !== undefined &&
        existing.inProgressExpiryTimestamp < now);
    if (!replaceable) {
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        new IdempotencyRecord({ idempotencyKey: record.idempotencyKey, ...existing } as ConstructorParameters<
          typeof IdempotencyRecord
        >[0]),
      );
    }
    this.items.set(record.idempotencyKey, {
      status: record.getStatus(),
      expiryTimestamp: record.expiryTimestamp,
      inProgressExpiryTimestamp: record.inProgressExpiryTimestamp,
      payloadHash: this.isPayloadValidationEnabled() ? record.payloadHash : undefined,
    });
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.items.get(record.idempotencyKey) ?? { status: record.getStatus() };
    this.items.set(record.idempotencyKey, {
      ...existing,
      status: record.getStatus(),
      expiryTimestamp: record.expiryTimestamp,
      ...(record.responseData === undefined ? {} : { responseData: record.responseData }),
      ...(this.isPayloadValidationEnabled() ? { payloadHash: record.payloadHash } : {}),
    });
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.items.delete(record.idempotencyKey);
  }
}

/** A store factory for `httpIdempotency` / `eventIdempotency`; pass `layer` to inspect its items. */
export const memoryIdempotencyStore =
  (layer = new MemoryPersistenceLayer()): (() => MemoryPersistenceLayer) =>
  () =>
    layer;
