import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AwsServiceError } from '../support/aws-json-server';
import { readJsonState, writeJsonState } from '../support/json-state-file';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/local-client-config';
import { checkRecord, sameValues, seriesKey } from './records';
import type { TimeseriesRecord, WireRecord } from './records';

export interface RetentionProperties {
  MemoryStoreRetentionPeriodInHours: number;
  MagneticStoreRetentionPeriodInDays: number;
}

export interface DatabaseMeta {
  name: string;
  arn: string;
  createdMs: number;
}

export interface TableMeta {
  database: string;
  name: string;
  arn: string;
  createdMs: number;
  updatedMs: number;
  retention: RetentionProperties;
  magneticStoreWrites: boolean;
}

interface TableState {
  meta: TableMeta;
  /** Newest version of each data point, by series key. */
  points: Map<string, TimeseriesRecord>;
}

export interface RecordQuery {
  database: string;
  table: string;
  /** Only points at or after this time. */
  since?: Date | string | number;
  /** Only points before this time. */
  until?: Date | string | number;
  /** Only points whose dimensions include all of these. */
  dimensions?: Record<string, string>;
  measureName?: string;
}

export interface StoredRecord extends TimeseriesRecord {
  database: string;
  table: string;
}

export interface WriteOutcome {
  total: number;
  memoryStore: number;
  magneticStore: number;
  rejected: { RecordIndex: number; Reason: string; ExistingVersion?: number }[];
}

const DEFAULT_RETENTION: RetentionProperties = {
  MemoryStoreRetentionPeriodInHours: 6,
  MagneticStoreRetentionPeriodInDays: 73_000,
};
const FUTURE_TOLERANCE_MS = 15 * 60 * 1000;
const MAX_RECORDS_PER_WRITE = 100;
const NAME = /^[a-zA-Z0-9_.-]{3,256}$/;

/**
 * Timestream for LiveAnalytics, as far as ingestion goes: databases, tables with retention, and
 * WriteRecords with per-record validation, time windows, versioned upserts and partial rejection.
 * Reading is a local query function, not the Query API. With a data folder, the catalog is kept
 * in `catalog.json` and every accepted point is appended to `<database>/<table>.jsonl`.
 */
const CATALOG_FILE = 'catalog.json';

export class LocalTimestream {
  private readonly databases = new Map<string, DatabaseMeta>();
  private readonly tables = new Map<string, TableState>();

  constructor(
    private readonly dataDir?: string,
    private readonly region = LOCAL_REGION,
    private readonly accountId = LOCAL_ACCOUNT_ID,
  ) {
    if (dataDir !== undefined) this.load(dataDir);
  }

  createDatabase(name: string): DatabaseMeta {
    assertName('DatabaseName', name);
    if (this.databases.has(name))
      throw new AwsServiceError('ConflictException', `The database ${name} already exists.`);
    const database = {
      name,
      arn: `arn:aws:timestream:${this.region}:${this.accountId}:database/${name}`,
      createdMs: Date.now(),
    };
    this.databases.set(name, database);
    this.saveCatalog();
    return database;
  }

  describeDatabase(name: string): DatabaseMeta & { tableCount: number } {
    const database = this.databases.get(name);
    if (database === undefined)
      throw new AwsServiceError('ResourceNotFoundException', `The database ${name} does not exist.`);
    const tableCount = [...this.tables.values()].filter((table) => table.meta.database === name).length;
    return { ...database, tableCount };
  }

  listDatabases(): DatabaseMeta[] {
    return [...this.databases.values()];
  }

  createTable(
    database: string,
    name: string,
    retention?: Partial<RetentionProperties>,
    magneticStoreWrites = false,
  ): TableMeta {
    this.describeDatabase(database);
    assertName('TableName', name);
    const key = tableKey(database, name);
    if (this.tables.has(key))
      throw new AwsServiceError(
        'ConflictException',
        `The table ${name} already exists in database ${database}.`,
      );
    const now = Date.now();
    const meta: TableMeta = {
      database,
      name,
      arn: `arn:aws:timestream:${this.region}:${this.accountId}:database/${database}/table/${name}`,
      createdMs: now,
      updatedMs: now,
      retention: { ...DEFAULT_RETENTION, ...retention },
      magneticStoreWrites,
    };
    this.tables.set(key, { meta, points: new Map() });
    this.saveCatalog();
    return meta;
  }

  describeTable(database: string, name: string): TableMeta {
    return this.table(database, name).meta;
  }

  listTables(database?: string): TableMeta[] {
    if (database !== undefined) this.describeDatabase(database);
    return [...this.tables.values()]
      .map((table) => table.meta)
      .filter((meta) => database === undefined || meta.database === database);
  }

  writeRecords(database: string, tableName: string, common: WireRecord, records: WireRecord[]): WriteOutcome {
    if (records.length === 0 || records.length > MAX_RECORDS_PER_WRITE) {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length between 1 and ${MAX_RECORDS_PER_WRITE}`,
      );
    }
    const table = this.table(database, tableName);
    const now = Date.now();
    const memoryFrom = now - table.meta.retention.MemoryStoreRetentionPeriodInHours * 3_600_000;
    const magneticFrom = now - table.meta.retention.MagneticStoreRetentionPeriodInDays * 86_400_000;
    const outcome: WriteOutcome = { total: 0, memoryStore: 0, magneticStore: 0, rejected: [] };
    const accepted: TimeseriesRecord[] = [];
    records.forEach((raw, index) => {
      const check = checkRecord(common, raw);
      if (!check.ok) {
        outcome.rejected.push({ RecordIndex: index, Reason: check.reason });
        return;
      }
      const record = check.record;
      const timeMs = Date.parse(record.time);
      if (timeMs > now + FUTURE_TOLERANCE_MS) {
        outcome.rejected.push({
          RecordIndex: index,
          Reason: 'The record timestamp is more than 15 minutes in the future.',
        });
        return;
      }
      const magnetic = timeMs < memoryFrom;
      if (magnetic && (!table.meta.magneticStoreWrites || timeMs < magneticFrom)) {
        outcome.rejected.push({
          RecordIndex: index,
          Reason: `The record timestamp is outside the time range of the data ingestion window (memory store retention ${table.meta.retention.MemoryStoreRetentionPeriodInHours} h${table.meta.magneticStoreWrites ? '' : ', magnetic store writes disabled'}).`,
        });
        return;
      }
      const key = seriesKey(record);
      const existing = table.points.get(key);
      if (existing !== undefined && !sameValues(existing, record) && record.version <= existing.version) {
        outcome.rejected.push({
          RecordIndex: index,
          Reason:
            'A record with the same dimensions, time and measure name but different values exists; send a higher Version to update it.',
          ExistingVersion: existing.version,
        });
        return;
      }
      if (existing === undefined || record.version > existing.version) {
        table.points.set(key, record);
        accepted.push(record);
      }
      outcome.total += 1;
      if (magnetic) outcome.magneticStore += 1;
      else outcome.memoryStore += 1;
    });
    this.appendRecords(table.meta, accepted);
    return outcome;
  }

  /** Newest version of every matching point, oldest first. */
  queryRecords(query: RecordQuery): StoredRecord[] {
    const table = this.table(query.database, query.table);
    const since = query.since === undefined ? undefined : new Date(query.since).getTime();
    const until = query.until === undefined ? undefined : new Date(query.until).getTime();
    const wanted = Object.entries(query.dimensions ?? {});
    return [...table.points.values()]
      .filter((record) => {
        const time = Date.parse(record.time);
        if (since !== undefined && time < since) return false;
        if (until !== undefined && time >= until) return false;
        if (query.measureName !== undefined && record.measureName !== query.measureName) return false;
        return wanted.every(([name, value]) => record.dimensions[name] === value);
      })
      .sort((a, b) =>
        BigInt(a.timeNanos) < BigInt(b.timeNanos) ? -1 : BigInt(a.timeNanos) > BigInt(b.timeNanos) ? 1 : 0,
      )
      .map((record) => ({ database: query.database, table: query.table, ...record }));
  }

  private table(database: string, name: string): TableState {
    const table = this.tables.get(tableKey(database, name));
    if (table === undefined) {
      this.describeDatabase(database);
      throw new AwsServiceError(
        'ResourceNotFoundException',
        `The table ${name} does not exist in database ${database}.`,
      );
    }
    return table;
  }

  private saveCatalog(): void {
    if (this.dataDir === undefined) return;
    mkdirSync(this.dataDir, { recursive: true });
    writeJsonState(
      path.join(this.dataDir, CATALOG_FILE),
      {
        databases: [...this.databases.values()],
        tables: [...this.tables.values()].map((table) => table.meta),
      },
      2,
    );
  }

  private appendRecords(meta: TableMeta, records: TimeseriesRecord[]): void {
    if (this.dataDir === undefined || records.length === 0) return;
    const folder = path.join(this.dataDir, meta.database);
    mkdirSync(folder, { recursive: true });
    appendFileSync(
      path.join(folder, `${meta.name}.jsonl`),
      records.map((record) => `${JSON.stringify(record)}\n`).join(''),
    );
  }

  private load(dataDir: string): void {
    const catalog = readJsonState<{ databases: DatabaseMeta[]; tables: TableMeta[] }>(
      path.join(dataDir, CATALOG_FILE),
      'timestream',
    );
    if (catalog === undefined) return;
    for (const database of catalog.databases) this.databases.set(database.name, database);
    for (const meta of catalog.tables) {
      const state: TableState = { meta, points: new Map() };
      let lines: string[] = [];
      try {
        lines = readFileSync(path.join(dataDir, meta.database, `${meta.name}.jsonl`), 'utf8').split('\n');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      for (const line of lines) {
        if (line.trim() === '') continue;
        const record = JSON.parse(line) as TimeseriesRecord;
        const key = seriesKey(record);
        const existing = state.points.get(key);
        if (existing === undefined || record.version >= existing.version) state.points.set(key, record);
      }
      this.tables.set(tableKey(meta.database, meta.name), state);
    }
  }
}

function tableKey(database: string, table: string): string {
  return `${database}\u0000${table}`;
}

function assertName(field: string, name: string): void {
  if (!NAME.test(name)) {
    throw new AwsServiceError(
      'ValidationException',
      `${field} ${name} must be 3-256 characters of a-z A-Z 0-9 _ . -`,
    );
  }
}
