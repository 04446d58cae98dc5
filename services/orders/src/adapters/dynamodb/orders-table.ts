import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ShardedDueIndex } from '@stratus/lambda';

/**
 * Single-table design of the orders service (see the README for the access patterns).
 *
 *   order           pk ORDER#<orderId>                          sk ORDER
 *   outbox entry    pk ORDER#<orderId>                          sk OUTBOX#<occurredAt>#<eventId|commandId>
 *   inbox marker    pk ORDER#<orderId>                          sk INBOX#<messageId>
 *   idempotency     pk IDEMPOTENCY#<customerId>#<key>           sk IDEMPOTENCY
 *
 * GSI `orders-by-customer` (all attributes; only order items carry its keys):
 *   gsi1pk CUSTOMER#<customerId>   gsi1sk <createdAt ISO>#<orderId>
 *   -> `GET /orders`, newest first (ScanIndexForward false), cursor paginated.
 * GSI `open-orders-by-deadline` (sparse, keys only; only PENDING and RESERVED orders):
 *   gsi2pk DEADLINES#<0..7>        gsi2sk <deadline ISO>#<orderId>
 *   -> the sweeper that cancels overdue orders (RESERVATION_EXPIRED) queries the 8 partitions.
 *
 * The stream (NEW_IMAGE) carries inserted outbox items to the relay (events to the bus, commands
 * to the service's queues); `ttl` expires idempotency records, inbox markers and outbox items.
 */
export const CUSTOMER_INDEX = 'orders-by-customer';
export const DEADLINE_INDEX = 'open-orders-by-deadline';
export const openOrdersByDeadline = new ShardedDueIndex({
  indexName: DEADLINE_INDEX,
  partitionKey: 'gsi2pk',
  sortKey: 'gsi2sk',
  prefix: 'DEADLINES',
  shards: 8,
});
export const TTL_ATTRIBUTE = 'ttl';

export const keys = {
  order: (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
  outbox: (orderId: string, occurredAt: string, id: string) => ({
    pk: `ORDER#${orderId}`,
    sk: `OUTBOX#${occurredAt}#${id}`,
  }),
  /** Marks that the message `messageId` changed this order (see OrderStore's `causedBy`). */
  inbox: (orderId: string, messageId: string) => ({ pk: `ORDER#${orderId}`, sk: `INBOX#${messageId}` }),
  // Idempotency keys cannot contain '#', so the last segment is always the whole key.
  idempotency: (customerId: string, key: string) => ({
    pk: `IDEMPOTENCY#${customerId}#${key}`,
    sk: 'IDEMPOTENCY',
  }),
  customerPartition: (customerId: string) => `CUSTOMER#${customerId}`,
  customerSort: (createdAt: string, orderId: string) => `${createdAt}#${orderId}`,
};

export function ordersTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
      { AttributeName: 'gsi2pk', AttributeType: 'S' },
      { AttributeName: 'gsi2sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: CUSTOMER_INDEX,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: DEADLINE_INDEX,
        KeySchema: [
          { AttributeName: 'gsi2pk', KeyType: 'HASH' },
          { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}
