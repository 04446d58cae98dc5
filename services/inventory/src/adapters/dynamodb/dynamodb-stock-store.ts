import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { RandomSource } from '../../domain/random-source';
import { planReservation } from '../../domain/reservation-plan';
import type {
  HeldReservation,
  RejectedReservation,
  ReleaseReason,
  Reservation,
} from '../../domain/reservation';
import { planRestock, type RestockRequest } from '../../domain/restock';
import { totalsOf } from '../../domain/shard-stock';
import type { SkuStock } from '../../domain/sku-stock';
import {
  ReservationContentionError,
  type ExpiredHold,
  type ReserveRequest,
  type ReserveResult,
  type RestockResult,
  type StockStore,
  type TransitionResult,
} from '../../ports/stock-store';
import { batchGetAll } from './batch-get';
import { holdsByExpiry, keys } from './inventory-table';
import { MetaItem, reservationItem, toReservation, toShardStock } from './items';
import { backoffDelay, cancellationCodes, isConditionalCheckFailed, sleep } from '@stratus/lambda';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export interface DynamoDbStockStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Reserve attempts before giving up with ReservationContentionError. */
  maxReserveAttempts?: number;
  /** Attempts for release/commit/restock when a transaction conflicts with another. */
  maxTransitionAttempts?: number;
  /** How long finished reservations are kept (TTL) for duplicate detection. Default 30 days. */
  retentionSeconds?: number;
  /** Random source for backoff jitter (the shard choice takes its own, per call). */
  jitter?: () => number;
}

const DEFAULT_MAX_RESERVE_ATTEMPTS = 12;
const DEFAULT_MAX_TRANSITION_ATTEMPTS = 6;
const DEFAULT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Inventory on DynamoDB. Every movement of units is one TransactWriteItems whose shard updates
 * are conditional (`available >= :q` to reserve, `reserved >= :q` to release or commit), so the
 * table itself refuses anything that would drive a counter below zero, whatever the concurrency.
 */
export class DynamoDbStockStore implements StockStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly maxReserveAttempts: number;
  private readonly maxTransitionAttempts: number;
  private readonly retentionSeconds: number;
  private readonly jitter: () => number;

  constructor(options: DynamoDbStockStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.maxReserveAttempts = options.maxReserveAttempts ?? DEFAULT_MAX_RESERVE_ATTEMPTS;
    this.maxTransitionAttempts = options.maxTransitionAttempts ?? DEFAULT_MAX_TRANSITION_ATTEMPTS;
    this.retentionSeconds = options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
    this.jitter = options.jitter ?? Math.random;
  }

  async getStock(sku: string): Promise<SkuStock | undefined> {
    return (await this.readStocks([sku], false)).get(sku);
  }

  async restock(request: RestockRequest, now: Date): Promise<RestockResult> {
    for (let attempt = 1; ; attempt++) {
      const metas = await this.readMetas([request.sku], true);
      const meta = metas.get(request.sku);
      const current = (await this.readStocks([request.sku], true, metas)).get(request.sku);
      const plan = planRestock(current, request);
      if (!plan.ok) return { outcome: 'refused', code: plan.code, message: plan.message };

      const at = now.toISOString();
      const items: TransactItem[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.meta(request.sku),
              type: 'SkuMeta',
              sku: request.sku,
              shardCount: plan.stock.shardCount,
              lowStockThreshold: plan.stock.lowStockThreshold,
              restockVersion: (meta?.restockVersion ?? 0) + 1,
              createdAt: meta?.createdAt ?? at,
              updatedAt: at,
            },
            // Two restocks computed from the same snapshot must not both apply their deltas.
            ...(meta === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'restockVersion = :version',
                  ExpressionAttributeValues: { ':version': meta.restockVersion },
                }),
          },
        },
      ];
      for (const adjustment of plan.adjustments) {
        const key = keys.shard(request.sku, adjustment.shard);
        if (adjustment.created) {
          items.push({
            Put: {
              TableName: this.tableName,
              Item: {
                ...key,
                type: 'StockShard',
                sku: request.sku,
                shard: adjustment.shard,
                available: adjustment.delta,
                reserved: 0,
                sold: 0,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          });
        } else if (adjustment.delta !== 0) {
          // A delta, not an absolute value: reservations racing with the restock keep their units.
          items.push({
            Update: {
              TableName: this.tableName,
              Key: key,
              UpdateExpression: 'SET available = available + :delta',
              ConditionExpression: 'available >= :floor',
              ExpressionAttributeValues: {
                ':delta': adjustment.delta,
                ':floor': Math.max(0, -adjustment.delta),
              },
            },
          });
        }
      }

      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return {
          outcome: 'restocked',
          stock: plan.stock,
          availableBefore: current === undefined ? 0 : totalsOf(current.shards).available,
        };
      } catch (error) {
        if (cancellationCodes(error) === undefined || attempt >= this.maxTransitionAttempts) throw error;
        await sleep(backoffDelay(attempt, this.jitter));
      }
    }
  }

  async getReservation(orderId: string): Promise<Reservation | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.reservation(orderId), ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : toReservation(result.Item);
  }

  async reserve(request: ReserveRequest, random: RandomSource): Promise<ReserveResult> {
    const skus = request.lines.map((line) => line.sku);
    for (let attempt = 1; attempt <= this.maxReserveAttempts; attempt++) {
      const stock = await this.readStocks(skus, true);
      const plan = planReservation(request.lines, stock, random);

      if (!plan.ok) {
        const rejection: RejectedReservation = {
          status: 'REJECTED',
          orderId: request.orderId,
          // A plan too fragmented for one transaction is reported as out of stock: the customer
          // cannot get these units in one order right now.
          reason: plan.reason === 'TOO_MANY_SHARD_WRITES' ? 'OUT_OF_STOCK' : plan.reason,
          shortfalls:
            plan.reason === 'TOO_MANY_SHARD_WRITES'
              ? request.lines.map((line) => ({
                  sku: line.sku,
                  requested: line.quantity,
                  available: totalsOf(stock.get(line.sku)?.shards ?? []).available,
                  reason: 'OUT_OF_STOCK' as const,
                }))
              : plan.shortfalls,
          rejectedAt: request.reservedAt.toISOString(),
        };
        const recorded = await this.putIfAbsent(rejection);
        return recorded === undefined
          ? { outcome: 'rejected', rejection, attempts: attempt }
          : { outcome: 'already-decided', reservation: recorded, attempts: attempt };
      }

      const reservation: HeldReservation = {
        status: 'HELD',
        orderId: request.orderId,
        reservationId: request.reservationId,
        lines: plan.lines,
        reservedAt: request.reservedAt.toISOString(),
        expiresAt: request.expiresAt.toISOString(),
      };
      const items: TransactItem[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: this.reservationItem(reservation),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...plan.lines.flatMap((line) =>
          line.takes.map((take): TransactItem => ({
            Update: {
              TableName: this.tableName,
              Key: keys.shard(line.sku, take.shard),
              UpdateExpression: 'SET available = available - :q, reserved = reserved + :q',
              ConditionExpression: 'available >= :q',
              ExpressionAttributeValues: { ':q': take.quantity },
            },
          })),
        ),
      ];

      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        const stockBefore = new Map(
          [...stock].map(([sku, s]) => [
            sku,
            { available: totalsOf(s.shards).available, lowStockThreshold: s.lowStockThreshold },
          ]),
        );
        return { outcome: 'reserved', reservation, stockBefore, attempts: attempt };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        if (codes[0] === 'ConditionalCheckFailed') {
          // The order already has a reservation record: a concurrent delivery decided first.
          const existing = await this.getReservation(request.orderId);
          if (existing === undefined)
            throw new Error(`reservation of ${request.orderId} vanished during a conflict`);
          return { outcome: 'already-decided', reservation: existing, attempts: attempt };
        }
        // A shard had fewer units than the snapshot said (ConditionalCheckFailed) or another
        // transaction held it (TransactionConflict): read again and plan from a new start shard.
        if (
          !codes.every(
            (code) => code === 'None' || code === 'ConditionalCheckFailed' || code === 'TransactionConflict',
          )
        ) {
          throw error;
        }
        await sleep(backoffDelay(attempt, this.jitter));
      }
    }
    throw new ReservationContentionError(request.orderId, this.maxReserveAttempts);
  }

  release(reservation: HeldReservation, reason: ReleaseReason, now: Date): Promise<TransitionResult> {
    return this.finishHold(
      reservation,
      {
        status: 'RELEASED',
        orderId: reservation.orderId,
        reservationId: reservation.reservationId,
        lines: reservation.lines,
        releasedAt: now.toISOString(),
        releaseReason: reason,
      },
      'SET available = available + :q, reserved = reserved - :q',
    );
  }

  commit(reservation: HeldReservation, now: Date): Promise<TransitionResult> {
    return this.finishHold(
      reservation,
      { ...reservation, status: 'COMMITTED', committedAt: now.toISOString() },
      'SET reserved = reserved - :q, sold = sold + :q',
    );
  }

  async recordTombstone(orderId: string, now: Date): Promise<TransitionResult> {
    const tombstone: Reservation = {
      status: 'RELEASED',
      orderId,
      lines: [],
      releasedAt: now.toISOString(),
      releaseReason: 'ORDER_CANCELLED',
    };
    const existing = await this.putIfAbsent(tombstone);
    return existing === undefined
      ? { outcome: 'done', reservation: tombstone }
      : { outcome: 'conflict', current: existing };
  }

  async findExpiredHolds(now: Date, limit: number): Promise<ExpiredHold[]> {
    const due = await holdsByExpiry.findDue(this.client, this.tableName, { now, limit });
    return due.map(({ dueAt, id }) => ({ expiresAt: dueAt, orderId: id }));
  }

  /**
   * HELD -> finished, moving each take's units with `shardUpdate` (conditional on the shard
   * still holding them reserved). Only the first writer of the transition wins.
   */
  private async finishHold(
    held: HeldReservation,
    finished: Reservation,
    shardUpdate: string,
  ): Promise<TransitionResult> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: this.reservationItem(finished),
          ConditionExpression: '#status = :held AND reservationId = :reservationId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':held': 'HELD', ':reservationId': held.reservationId },
        },
      },
      ...held.lines.flatMap((line) =>
        line.takes.map((take): TransactItem => ({
          Update: {
            TableName: this.tableName,
            Key: keys.shard(line.sku, take.shard),
            UpdateExpression: shardUpdate,
            ConditionExpression: 'reserved >= :q',
            ExpressionAttributeValues: { ':q': take.quantity },
          },
        })),
      ),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { outcome: 'done', reservation: finished };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        if (codes[0] === 'ConditionalCheckFailed') {
          return { outcome: 'conflict', current: await this.getReservation(held.orderId) };
        }
        if (codes.slice(1).includes('ConditionalCheckFailed')) {
          throw new Error(
            `shard counters of ${held.orderId} no longer hold its reserved units: ${codes.join(', ')}`,
          );
        }
        if (attempt >= this.maxTransitionAttempts) throw error;
        await sleep(backoffDelay(attempt, this.jitter));
      }
    }
  }

  /** Writes a reservation record unless one exists; returns the existing one if it does. */
  private async putIfAbsent(reservation: Reservation): Promise<Reservation | undefined> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.reservationItem(reservation),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.getReservation(reservation.orderId);
      if (existing === undefined)
        throw new Error(`reservation of ${reservation.orderId} vanished during a conflict`);
      return existing;
    }
  }

  private reservationItem(reservation: Reservation): Record<string, unknown> {
    return reservationItem(reservation, { retentionSeconds: this.retentionSeconds });
  }

  private async readMetas(skus: string[], consistentRead: boolean): Promise<Map<string, MetaItem>> {
    const items = await batchGetAll(this.client, this.tableName, skus.map(keys.meta), consistentRead);
    return new Map(items.map((item) => MetaItem.parse(item)).map((meta) => [meta.sku, meta]));
  }

  /** Settings first (they say how many shards), then every shard of every known SKU. */
  private async readStocks(
    skus: string[],
    consistentRead: boolean,
    knownMetas?: Map<string, MetaItem>,
  ): Promise<Map<string, SkuStock>> {
    const metas = knownMetas ?? (await this.readMetas(skus, consistentRead));
    const shardKeys = [...metas.values()].flatMap((meta) =>
      Array.from({ length: meta.shardCount }, (_, shard) => keys.shard(meta.sku, shard)),
    );
    const shardItems = await batchGetAll(this.client, this.tableName, shardKeys, consistentRead);
    const shardsBySku = new Map<string, ReturnType<typeof toShardStock>[]>();
    for (const item of shardItems) {
      const sku = String(item.sku);
      shardsBySku.set(sku, [...(shardsBySku.get(sku) ?? []), toShardStock(item)]);
    }
    const stocks = new Map<string, SkuStock>();
    for (const meta of metas.values()) {
      const shards = (shardsBySku.get(meta.sku) ?? []).sort((a, b) => a.shard - b.shard);
      if (shards.length !== meta.shardCount || shards.some((s, i) => s.shard !== i)) {
        throw new Error(
          `${meta.sku} should have shards 0..${meta.shardCount - 1} but has ${shards.map((s) => s.shard).join(',')}`,
        );
      }
      stocks.set(meta.sku, {
        sku: meta.sku,
        shardCount: meta.shardCount,
        lowStockThreshold: meta.lowStockThreshold,
        shards,
      });
    }
    return stocks;
  }
}
