import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LocalCloudConfigError } from '../config/config-error';
import type { LocalService } from '../config/local-service';
import { localClientConfig } from '../emulators/support/local-client-config';

/**
 * Demo data of one service, in `services/<name>/local/seed.json`, loaded on the first start (and
 * after `npm start -- --fresh`):
 *
 * ```json
 * {
 *   "dynamodb": { "StockTable": [{ "pk": "SKU#RED-SHIRT", "available": 25 }] },
 *   "ssm": { "/stratus/local/payments/api-url": "http://127.0.0.1:9999",
 *            "/stratus/local/payments/timeout-ms": { "value": "2000", "type": "String" } },
 *   "secrets": { "stratus/local/payments": { "apiKey": "local-test-key" } },
 *   "s3": { "MediaBucket": { "samples/hello.txt": "hello" } }
 * }
 * ```
 *
 * Tables and buckets are named by logical id (as in serverless.yml) or by their physical name;
 * items are plain JSON (numbers, strings, lists, maps), not DynamoDB attribute values.
 */
export interface ServiceSeed {
  dynamodb?: Record<string, Record<string, unknown>[]>;
  ssm?: Record<string, string | { value: string; type?: 'String' | 'SecureString' | 'StringList' }>;
  secrets?: Record<string, string | Record<string, unknown>>;
  s3?: Record<string, Record<string, string | Record<string, unknown>>>;
}

export const SEED_FILE = path.join('local', 'seed.json');
const SECTIONS = new Set(['dynamodb', 'ssm', 'secrets', 's3', '$schema', 'description']);

export function seedFileOf(service: LocalService): string {
  return path.join(service.dir, SEED_FILE);
}

/** Reads and checks a service's seed file; undefined when it has none. */
export function readServiceSeed(service: LocalService): ServiceSeed | undefined {
  const file = seedFileOf(service);
  if (!existsSync(file)) return undefined;
  const fail = (problem: string) => new LocalCloudConfigError(service.name, file, problem);
  let seed: unknown;
  try {
    seed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fail(`not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(seed)) throw fail('expected an object with dynamodb / ssm / secrets / s3 sections');
  for (const section of Object.keys(seed)) {
    if (!SECTIONS.has(section))
      throw fail(`unknown section '${section}' (known: dynamodb, ssm, secrets, s3)`);
  }
  const typed = seed as ServiceSeed;
  for (const [table, items] of Object.entries(typed.dynamodb ?? {})) {
    if (!Array.isArray(items) || !items.every(isRecord))
      throw fail(`dynamodb.${table}: expected a list of items (objects)`);
    if (tableNameFor(service, table) === undefined) {
      throw fail(
        `dynamodb.${table}: no table of this service has that logical id or name (tables: ${service.tables.map((entry) => entry.logicalId).join(', ') || 'none'})`,
      );
    }
  }
  for (const [name, value] of Object.entries(typed.ssm ?? {})) {
    if (typeof value !== 'string' && !(isRecord(value) && typeof value.value === 'string')) {
      throw fail(
        `ssm.${name}: expected a string or {"value": "...", "type": "String|SecureString|StringList"}`,
      );
    }
  }
  for (const [name, value] of Object.entries(typed.secrets ?? {})) {
    if (typeof value !== 'string' && !isRecord(value))
      throw fail(`secrets.${name}: expected a string or an object (stored as JSON)`);
  }
  for (const [bucket, objects] of Object.entries(typed.s3 ?? {})) {
    if (!isRecord(objects)) throw fail(`s3.${bucket}: expected {"key": "content"}`);
    if (bucketNameFor(service, bucket) === undefined)
      throw fail(`s3.${bucket}: no bucket of this service has that logical id or name`);
  }
  return typed;
}

export function tableNameFor(service: LocalService, reference: string): string | undefined {
  return service.tables.find((table) => table.logicalId === reference || table.name === reference)?.name;
}

export function bucketNameFor(service: LocalService, reference: string): string | undefined {
  return service.buckets.find((bucket) => bucket.logicalId === reference || bucket.name === reference)?.name;
}

/** Writes the seed's items (25 per BatchWrite, unprocessed items retried). */
export async function seedDynamoDb(
  endpoint: string,
  service: LocalService,
  seed: ServiceSeed,
): Promise<number> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(endpoint)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  let written = 0;
  try {
    for (const [reference, items] of Object.entries(seed.dynamodb ?? {})) {
      const tableName = tableNameFor(service, reference) as string;
      for (let start = 0; start < items.length; start += 25) {
        let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items
          .slice(start, start + 25)
          .map((item) => ({ PutRequest: { Item: item } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 10) throw new Error(`seeding ${tableName}: DynamoDB kept items unprocessed`);
          const result = await client.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
          );
          requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
      }
      written += items.length;
    }
  } finally {
    client.destroy();
  }
  return written;
}

/** Which services were seeded already, kept in the data directory so data is seeded once. */
export class SeedLedger {
  private constructor(
    private readonly file: string,
    private readonly seeded: Record<string, string>,
  ) {}

  static async open(dataDir: string): Promise<SeedLedger> {
    const file = path.join(dataDir, 'seeded.json');
    let seeded: Record<string, string> = {};
    try {
      seeded = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return new SeedLedger(file, seeded);
  }

  has(service: string): boolean {
    return this.seeded[service] !== undefined;
  }

  async record(service: string): Promise<void> {
    this.seeded[service] = new Date().toISOString();
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFile(this.file, `${JSON.stringify(this.seeded, null, 2)}\n`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
