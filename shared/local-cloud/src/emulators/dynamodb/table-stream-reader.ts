import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, Shard, ShardIteratorType, _Record } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue as LambdaAttributeValue, DynamoDBRecord } from 'aws-lambda';
import { LOCAL_REGION, localClientConfig } from '../support/local-client-config';

export interface TableStreamReaderOptions {
  endpoint: string;
  tableName: string;
  /** Where to begin: only changes made from now on (LATEST, like a new event source mapping) or everything retained. */
  startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  /** Most records returned by one poll(); Lambda's batch size. */
  batchSize?: number;
}

/**
 * Reads a table's DynamoDB stream through the Streams API that DynamoDB Local serves on the same
 * endpoint, turning records into the shape Lambda hands to a stream-triggered function.
 */
export interface TableStreamReader {
  readonly tableName: string;
  readonly streamArn: string;
  /** Records written since the last poll, oldest first, at most batchSize; [] when none. */
  poll(): Promise<DynamoDBRecord[]>;
  close(): void;
}

interface ShardCursor {
  shardId: string;
  iterator: string | undefined;
  lastSequenceNumber: string | undefined;
  closed: boolean;
}

export async function createTableStreamReader(options: TableStreamReaderOptions): Promise<TableStreamReader> {
  const config = localClientConfig(options.endpoint);
  const tables = new DynamoDBClient(config);
  let streamArn: string | undefined;
  try {
    const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
    streamArn = Table?.LatestStreamArn;
  } finally {
    tables.destroy();
  }
  if (streamArn === undefined) {
    throw new Error(`dynamodb: table ${options.tableName} has no stream (add StreamSpecification to it)`);
  }
  const arn = streamArn;
  const streams = new DynamoDBStreamsClient(config);
  const batchSize = options.batchSize ?? 100;
  const cursors = new Map<string, ShardCursor>();
  let firstDiscovery = true;

  const iteratorFor = async (shardId: string, type: ShardIteratorType, sequenceNumber?: string) => {
    const result = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
      }),
    );
    return result.ShardIterator;
  };

  const discoverShards = async () => {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (shardId === undefined || cursors.has(shardId)) continue;
      const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
      // Shards born after we started are read from their beginning; at start-up LATEST applies
      // only to the open shard, and closed shards hold nothing new.
      const position: ShardIteratorType = firstDiscovery
        ? (options.startingPosition ?? 'LATEST')
        : 'TRIM_HORIZON';
      if (firstDiscovery && position === 'LATEST' && !open) {
        cursors.set(shardId, { shardId, iterator: undefined, lastSequenceNumber: undefined, closed: true });
        continue;
      }
      cursors.set(shardId, {
        shardId,
        iterator: await iteratorFor(shardId, position),
        lastSequenceNumber: undefined,
        closed: false,
      });
    }
    firstDiscovery = false;
  };

  const readShard = async (cursor: ShardCursor, limit: number): Promise<_Record[]> => {
    if (cursor.closed || cursor.iterator === undefined) return [];
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: limit }));
    } catch (error) {
      if (!(error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException))
        throw error;
      // DynamoDB Local numbers stream records globally across tables, so an iterator taken while a
      // shard was still empty turns invalid (TrimmedDataAccessException) once any table is written.
      // Everything in such a shard arrived after the iterator was taken: re-read from its start.
      cursor.iterator =
        cursor.lastSequenceNumber === undefined
          ? await iteratorFor(cursor.shardId, 'TRIM_HORIZON')
          : await iteratorFor(cursor.shardId, 'AFTER_SEQUENCE_NUMBER', cursor.lastSequenceNumber);
      if (cursor.iterator === undefined) return [];
      result = await streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: limit }));
    }
    const records = result.Records ?? [];
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last !== undefined) cursor.lastSequenceNumber = last;
    cursor.iterator = result.NextShardIterator;
    if (cursor.iterator === undefined) cursor.closed = true;
    return records;
  };

  await discoverShards();

  return {
    tableName: options.tableName,
    streamArn: arn,
    async poll() {
      await discoverShards();
      const batch: DynamoDBRecord[] = [];
      // Map order is discovery order, so a parent shard drains before its children.
      for (const cursor of cursors.values()) {
        if (batch.length >= batchSize) break;
        const records = await readShard(cursor, batchSize - batch.length);
        batch.push(...records.map((record) => toLambdaRecord(record, arn)));
      }
      return batch;
    },
    close() {
      streams.destroy();
    },
  };
}

/** The record exactly as Lambda delivers it: images as attribute-value JSON, binary as base64, time in epoch seconds. */
export function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const dynamodb: NonNullable<DynamoDBRecord['dynamodb']> = {};
  if (change.ApproximateCreationDateTime !== undefined) {
    dynamodb.ApproximateCreationDateTime = Math.floor(change.ApproximateCreationDateTime.getTime() / 1000);
  }
  if (change.Keys !== undefined) dynamodb.Keys = toLambdaImage(change.Keys);
  if (change.NewImage !== undefined) dynamodb.NewImage = toLambdaImage(change.NewImage);
  if (change.OldImage !== undefined) dynamodb.OldImage = toLambdaImage(change.OldImage);
  if (change.SequenceNumber !== undefined) dynamodb.SequenceNumber = change.SequenceNumber;
  if (change.SizeBytes !== undefined) dynamodb.SizeBytes = change.SizeBytes;
  if (change.StreamViewType !== undefined) dynamodb.StreamViewType = change.StreamViewType;
  return {
    ...(record.eventID === undefined ? {} : { eventID: record.eventID }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? LOCAL_REGION,
    dynamodb,
    eventSourceARN: streamArn,
  };
}

function toLambdaImage(image: Record<string, AttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

function toLambdaValue(value: AttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((item) => Buffer.from(item).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  return value as LambdaAttributeValue;
}
