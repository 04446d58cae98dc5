import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ShardedDueIndex } from '@stratus/lambda';

/**
 * Single-table design of the inventory service (see the README for the access patterns).
 *
 *   SKU settings   pk SKU#<sku>                 sk META
 *   stock shard    pk SKU#<sku>#SHARD#<n>       sk SHARD         available, reserved, sold
 *   reservation    pk RESERVATION#<orderId>     sk RESERVATION   status, lines with shard takes
 *
 * The shard number is part of the partition key, not the sort key: items that share a
 * partition key share a partition's throughput, so only distinct partition keys spread a hot
 * SKU's writes (the write-sharding the guide describes).
 *
 * GSI `holds-by-expiry` (sparse, keys only): only HELD reservations carry
 *   gsi1pk HOLDS#<0..7> (hash of the order id, so expiring holds do not all land on one key)
 *   gsi1sk <expiresAt ISO>#<orderId>
 * and the expiry backstop queries each of the 8 partitions for `gsi1sk < now`.
 */
export const HOLDS_INDEX = 'holds-by-expiry';
export const holdsByExpiry = new ShardedDueIndex({
  indexName: HOLDS_INDEX,
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
  prefix: 'HOLDS',
  shards: 8,
});

export const keys = {
  meta: (sku: string) => ({ pk: `SKU#${sku}`, sk: 'META' }),
  shard: (sku: string, shard: number) => ({ pk: `SKU#${sku}#SHARD#${shard}`, sk: 'SHARD' }),
  reservation: (orderId: string) => ({ pk: `RESERVATION#${orderId}`, sk: 'RESERVATION' }),
};

/** The table as CloudFormation / CreateTable describe it; the TTL attribute is `ttl`. */
export function inventoryTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: HOLDS_INDEX,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };
}

export const TTL_ATTRIBUTE = 'ttl';
