import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';

export interface ShardedDueIndexOptions {
  indexName: string;
  /** Attribute holding `<prefix>#<shard>`, the index's partition key. */
  partitionKey: string;
  /** Attribute holding `<due ISO time>#<id>`, the index's sort key. */
  sortKey: string;
  prefix: string;
  /** How many partition key values the items are spread over. */
  shards: number;
}

export interface DueItemRef {
  /** The ISO time the item is due at, as it was written. */
  dueAt: string;
  id: string;
}

export interface FindDueOptions {
  now: Date;
  limit: number;
  /** Whether an item due exactly at `now` is due already; default false. */
  inclusive?: boolean;
}

/**
 * A sparse global secondary index that lists items by the time they fall due (hold expiries,
 * order deadlines), write-sharded: the partition key is `<prefix>#<n>` with `n` a hash of the
 * item's id, so items due at the same moment do not all land on one key; the sort key is
 * `<due ISO time>#<id>`. An item is listed while it carries `keysFor(...)` and leaves the index
 * when it drops them.
 */
export class ShardedDueIndex {
  constructor(readonly options: ShardedDueIndexOptions) {}

  get indexName(): string {
    return this.options.indexName;
  }

  /** The partition key value of the item with this id: stable, spread evenly over the shards. */
  shardOf(id: string): string {
    const shard = createHash('sha256').update(id).digest().readUInt32BE(0) % this.options.shards;
    return `${this.options.prefix}#${shard}`;
  }

  /** The attributes that list the item with this id in the index, due at `dueAt` (ISO time). */
  keysFor(id: string, dueAt: string): Record<string, string> {
    return { [this.options.partitionKey]: this.shardOf(id), [this.options.sortKey]: `${dueAt}#${id}` };
  }

  /**
   * The items due by `now`, earliest first, at most `limit`: one query per shard (in parallel),
   * each taking at most `limit`, merged. ISO times of one format sort as text.
   */
  async findDue(
    client: DynamoDBDocumentClient,
    tableName: string,
    options: FindDueOptions,
  ): Promise<DueItemRef[]> {
    const { partitionKey, sortKey, prefix, shards } = this.options;
    const now = options.now.toISOString();
    // `~` sorts after `#`, so `<due>#<id> <= <now>~` holds exactly when due <= now, and
    // `<due>#<id> < <now>` exactly when due < now.
    const condition = options.inclusive
      ? { operator: '<=', bound: `${now}~` }
      : { operator: '<', bound: now };
    const pages = await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: this.options.indexName,
            KeyConditionExpression: `#partition = :partition AND #sort ${condition.operator} :bound`,
            ExpressionAttributeNames: { '#partition': partitionKey, '#sort': sortKey },
            ExpressionAttributeValues: { ':partition': `${prefix}#${shard}`, ':bound': condition.bound },
            Limit: options.limit,
          }),
        ),
      ),
    );
    return pages
      .flatMap((page) => page.Items ?? [])
      .map((item) => {
        const key = String(item[sortKey]);
        const separator = key.indexOf('#');
        return { dueAt: key.slice(0, separator), id: key.slice(separator + 1) };
      })
      .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))
      .slice(0, options.limit);
  }
}
