import { EventPublisher } from '@stratus/events';
import { requireEnv, secondsFromEnv, tracedDocumentClient } from '@stratus/lambda';
import { DynamoDbStockStore } from '../adapters/dynamodb/dynamodb-stock-store';
import { EventBridgeInventoryPublisher } from '../adapters/eventbridge/eventbridge-inventory-publisher';
import type { InventoryDependencies } from '../application/inventory-dependencies';
import { systemClock } from '../ports/clock';
import { uuidGenerator } from '../ports/id-generator';

export const INVENTORY_TABLE_ENV = 'INVENTORY_TABLE_NAME';
export const HOLD_SECONDS_ENV = 'RESERVATION_HOLD_SECONDS';
export const EXPIRY_GRACE_SECONDS_ENV = 'RESERVATION_EXPIRY_GRACE_SECONDS';

let dependencies: InventoryDependencies | undefined;

/**
 * Built once per Lambda container and reused across invocations (clients keep their
 * connections). Endpoints come from the SDK's AWS_ENDPOINT_URL_* variables, so the same code runs
 * against the local cloud.
 */
export function inventoryDependencies(): InventoryDependencies {
  dependencies ??= {
    store: new DynamoDbStockStore({
      client: tracedDocumentClient(),
      tableName: requireEnv(INVENTORY_TABLE_ENV, 'the inventory table'),
    }),
    publisher: new EventBridgeInventoryPublisher(new EventPublisher()),
    clock: systemClock,
    ids: uuidGenerator,
    random: Math.random,
    holdSeconds: secondsFromEnv(HOLD_SECONDS_ENV, 900),
    expiryGraceSeconds: secondsFromEnv(EXPIRY_GRACE_SECONDS_ENV, 3600),
  };
  return dependencies;
}
