// The part of s3rver 3.7.1's API this package uses (the package ships no types).
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Readable } from 'node:stream';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    serviceEndpoint?: string;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  interface S3rverStore {
    getBucket(name: string): Promise<unknown>;
    putBucket(name: string): Promise<unknown>;
    getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
  }

  /** A Koa application; `middleware` is Koa's array, composed when callback() is called. */
  class S3rver extends EventEmitter {
    constructor(options?: S3rverOptions);
    store: S3rverStore;
    middleware: ((context: S3rverContext, next: () => Promise<void>) => Promise<void> | void)[];
    logger: { exceptions: { unhandle(): void }; close(): void };
    configureBuckets(): Promise<void>;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }

  interface S3rverContext {
    req: IncomingMessage | Readable;
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
  }

  export = S3rver;
}

declare module 's3rver/lib/models/account' {
  interface AWSAccount {
    id: number;
    accessKeys: Map<string, string>;
  }
  const accounts: { registry: Map<string, AWSAccount>; DUMMY_ACCOUNT: AWSAccount };
  export = accounts;
}
