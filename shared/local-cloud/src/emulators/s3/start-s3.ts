import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { RunningEmulator } from '../running-emulator';
import { LOCAL_HOST, closeServer, listenOn } from '../support/ports';
import { acceptAnyAccessKey } from './accept-any-access-key';
import { AwsChunkedDecoder, decodedHeaders, isAwsChunked } from './aws-chunked';
import { objectEventFromS3rverRecord } from './object-events';
import type { S3ObjectCreated, S3ObjectEvent, S3ObjectRemoved, S3rverRecord } from './object-events';

export interface S3EmulatorOptions {
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder holding buckets and objects; without it a temporary folder is used and removed on stop. */
  dataDir?: string;
  /** Buckets to create before the server answers. */
  buckets?: readonly string[];
  /** Print s3rver's request log. */
  verbose?: boolean;
  /** Receives errors thrown by object-event listeners (default: console.error). */
  onListenerError?: (error: unknown, event: S3ObjectEvent) => void;
}

export type ObjectCreatedListener = (event: S3ObjectCreated) => void | Promise<void>;
export type ObjectRemovedListener = (event: S3ObjectRemoved) => void | Promise<void>;

export interface RunningS3 extends RunningEmulator {
  name: 's3';
  dataDir: string;
  /** Called for every object written (PUT, POST form, copy, completed multipart upload). Returns an unsubscribe function. */
  onObjectCreated(listener: ObjectCreatedListener): () => void;
  /** Called for every single-object DELETE of an existing object. */
  onObjectRemoved(listener: ObjectRemovedListener): () => void;
  /** Creates buckets that do not exist yet; idempotent. */
  createBuckets(names: readonly string[]): Promise<{ created: string[]; existing: string[] }>;
}

const EMULATOR_NAME = 's3';

interface RequestInfo {
  method: string;
  url: string;
}

/**
 * Starts s3rver in this process. Clients must use path-style addressing (the SDK does so by
 * itself for an IP endpoint like http://127.0.0.1:PORT) and should send
 * `AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED`; streamed uploads with the default
 * `aws-chunked` encoding are decoded here as well, so objects are stored byte-exact either way.
 */
export async function startS3(options: S3EmulatorOptions = {}): Promise<RunningS3> {
  if (options.host !== undefined && options.host !== LOCAL_HOST) {
    throw new Error(`s3: only ${LOCAL_HOST} is supported as host`);
  }
  const temporary = options.dataDir === undefined;
  const dataDir = temporary
    ? mkdtempSync(path.join(os.tmpdir(), 'stratus-s3-'))
    : path.resolve(options.dataDir as string);
  mkdirSync(dataDir, { recursive: true });

  (options.buckets ?? []).forEach(assertBucketName);
  acceptAnyAccessKey();
  const s3rver = new S3rver({
    address: LOCAL_HOST,
    directory: dataDir,
    silent: options.verbose !== true,
    allowMismatchedSignatures: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  // Runs before s3rver's own middleware: s3rver reads ctx.req as the object's bytes.
  s3rver.middleware.unshift((context, next) => {
    if (isAwsChunked(context.headers)) {
      const original = context.req;
      decodedHeaders(context.headers);
      context.req = original.pipe(new AwsChunkedDecoder());
    }
    return next();
  });

  const createdListeners = new Set<ObjectCreatedListener>();
  const removedListeners = new Set<ObjectRemovedListener>();
  const requests = new AsyncLocalStorage<RequestInfo>();
  const reportListenerError =
    options.onListenerError ?? ((error: unknown) => console.error('s3: object event listener failed', error));

  s3rver.on('event', (notification: { Records: S3rverRecord[] }) => {
    const request = requests.getStore();
    for (const record of notification.Records) {
      void objectEventFromS3rverRecord(record, request, s3rver.store).then(
        async (event) => {
          const listeners = event.eventName.startsWith('ObjectCreated')
            ? [...createdListeners].map((listener) => () => listener(event as S3ObjectCreated))
            : [...removedListeners].map((listener) => () => listener(event as S3ObjectRemoved));
          for (const call of listeners) {
            try {
              await call();
            } catch (error) {
              reportListenerError(error, event);
            }
          }
        },
        (error: unknown) => reportListenerError(error, { eventName: 'ObjectCreated:Put' } as S3ObjectEvent),
      );
    }
  });
  // Koa logs and rethrows app errors to stderr unless someone listens.
  s3rver.on('error', () => undefined);

  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const server = createServer((request, response) =>
    requests.run({ method: request.method ?? 'GET', url: request.url ?? '/' }, () =>
      handle(request, response),
    ),
  );
  let port: number;
  try {
    port = await listenOn(server, EMULATOR_NAME, options.port ?? 0);
  } catch (error) {
    s3rver.logger.close();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://${LOCAL_HOST}:${port}`;

  return {
    name: EMULATOR_NAME,
    endpoint,
    port,
    dataDir,
    onObjectCreated(listener) {
      createdListeners.add(listener);
      return () => createdListeners.delete(listener);
    },
    onObjectRemoved(listener) {
      removedListeners.add(listener);
      return () => removedListeners.delete(listener);
    },
    async createBuckets(names) {
      names.forEach(assertBucketName);
      const created: string[] = [];
      const existing: string[] = [];
      for (const name of names) {
        if (await s3rver.store.getBucket(name)) {
          existing.push(name);
        } else {
          await s3rver.store.putBucket(name);
          created.push(name);
        }
      }
      return { created, existing };
    },
    async stop() {
      createdListeners.clear();
      removedListeners.clear();
      await closeServer(server);
      s3rver.logger.exceptions.unhandle();
      s3rver.logger.close();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** S3's naming rules, checked up front because s3rver would accept any folder name. */
export function assertBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias');
  if (!valid) {
    throw new Error(`s3: invalid bucket name "${name}" (3-63 lowercase letters, digits, dots and hyphens)`);
  }
}
