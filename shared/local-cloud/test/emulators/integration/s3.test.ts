import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { startS3 } from '../../../src/emulators/s3';
import type { RunningS3, S3ObjectCreated, S3ObjectRemoved } from '../../../src/emulators/s3';
import { localClientConfig } from '../../../src/emulators/support/local-client-config';
import { PortInUseError } from '../../../src/emulators/support/ports';

jest.setTimeout(30_000);

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** Records the headers of every request the client sends. */
function recordingClient(endpoint: string, extra: Partial<S3ClientConfig> = {}) {
  const client = new S3Client({ ...localClientConfig(endpoint), ...extra });
  const sent: Record<string, string>[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordHeaders' },
  );
  return { client, sent };
}

async function readBack(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

function nextEvent<T>(subscribe: (listener: (event: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const unsubscribe = subscribe((event) => {
      unsubscribe();
      resolve(event);
    });
  });
}

describe('S3 emulator', () => {
  let s3: RunningS3;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3({ port: 0, buckets: ['media-uploads'] });
    // The setting handlers get through AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED.
    client = new S3Client({ ...localClientConfig(s3.endpoint), requestChecksumCalculation: 'WHEN_REQUIRED' });
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
  });

  it('stores an upload byte-exact and reports it to onObjectCreated', async () => {
    const bytes = randomBytes(1024 * 1024);
    const event = nextEvent<S3ObjectCreated>((listener) => s3.onObjectCreated(listener));
    await client.send(
      new PutObjectCommand({ Bucket: 'media-uploads', Key: 'uploads/photo 1.jpg', Body: bytes }),
    );

    expect((await readBack(client, 'media-uploads', 'uploads/photo 1.jpg')).equals(bytes)).toBe(true);
    expect(await event).toMatchObject({
      bucket: 'media-uploads',
      key: 'uploads/photo 1.jpg',
      size: bytes.length,
      etag: md5(bytes),
      eventName: 'ObjectCreated:Put',
    });
  });

  it('stores a streamed upload byte-exact with WHEN_REQUIRED (no aws-chunked framing sent)', async () => {
    const { client: streaming, sent } = recordingClient(s3.endpoint, {
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const bytes = randomBytes(300_000);
    await streaming.send(
      new PutObjectCommand({
        Bucket: 'media-uploads',
        Key: 'streamed-required',
        Body: Readable.from([bytes]),
        ContentLength: bytes.length,
      }),
    );
    expect(sent.at(-1)?.['content-encoding'] ?? '').not.toContain('aws-chunked');
    expect((await readBack(client, 'media-uploads', 'streamed-required')).equals(bytes)).toBe(true);
    streaming.destroy();
  });

  it('also stores a streamed upload with the SDK default checksum (aws-chunked) byte-exact', async () => {
    const { client: defaults, sent } = recordingClient(s3.endpoint, {
      requestChecksumCalculation: 'WHEN_SUPPORTED',
    });
    const bytes = randomBytes(200_000);
    const event = nextEvent<S3ObjectCreated>((listener) => s3.onObjectCreated(listener));
    await defaults.send(
      new PutObjectCommand({
        Bucket: 'media-uploads',
        Key: 'streamed-default',
        Body: Readable.from([bytes]),
        ContentLength: bytes.length,
      }),
    );
    expect(sent.at(-1)?.['content-encoding']).toContain('aws-chunked');
    expect((await readBack(client, 'media-uploads', 'streamed-default')).equals(bytes)).toBe(true);
    expect(await event).toMatchObject({ size: bytes.length, etag: md5(bytes) });
    const head = await client.send(
      new HeadObjectCommand({ Bucket: 'media-uploads', Key: 'streamed-default' }),
    );
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.ContentEncoding).toBeUndefined();
    defaults.destroy();
  });

  it('honours AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED from the environment, as handlers get it', async () => {
    const previous = process.env.AWS_REQUEST_CHECKSUM_CALCULATION;
    process.env.AWS_REQUEST_CHECKSUM_CALCULATION = 'WHEN_REQUIRED';
    try {
      const { client: fromEnv, sent } = recordingClient(s3.endpoint);
      const bytes = randomBytes(50_000);
      await fromEnv.send(
        new PutObjectCommand({
          Bucket: 'media-uploads',
          Key: 'env',
          Body: Readable.from([bytes]),
          ContentLength: bytes.length,
        }),
      );
      expect(sent.at(-1)?.['content-encoding'] ?? '').not.toContain('aws-chunked');
      expect(Object.keys(sent.at(-1) ?? {}).filter((name) => name.startsWith('x-amz-checksum-'))).toEqual([]);
      expect((await readBack(client, 'media-uploads', 'env')).equals(bytes)).toBe(true);
      fromEnv.destroy();
    } finally {
      if (previous === undefined) delete process.env.AWS_REQUEST_CHECKSUM_CALCULATION;
      else process.env.AWS_REQUEST_CHECKSUM_CALCULATION = previous;
    }
  });

  it('reports copies and completed multipart uploads with their own event names', async () => {
    const events: S3ObjectCreated[] = [];
    const unsubscribe = s3.onObjectCreated((event) => {
      events.push(event);
    });
    const source = randomBytes(1000);
    await client.send(new PutObjectCommand({ Bucket: 'media-uploads', Key: 'original', Body: source }));
    await client.send(
      new CopyObjectCommand({ Bucket: 'media-uploads', Key: 'copy', CopySource: 'media-uploads/original' }),
    );

    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: 'media-uploads', Key: 'big' }),
    );
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1234)];
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const { ETag } = await client.send(
        new UploadPartCommand({
          Bucket: 'media-uploads',
          Key: 'big',
          UploadId,
          PartNumber: index + 1,
          Body: part,
        }),
      );
      etags.push(ETag as string);
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media-uploads',
        Key: 'big',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
      }),
    );
    const whole = Buffer.concat(parts);
    expect((await readBack(client, 'media-uploads', 'big')).equals(whole)).toBe(true);

    const deadline = Date.now() + 5_000;
    while (events.length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    unsubscribe();
    expect(events.map((event) => [event.key, event.eventName, event.size])).toEqual([
      ['original', 'ObjectCreated:Put', 1000],
      ['copy', 'ObjectCreated:Copy', 1000],
      ['big', 'ObjectCreated:CompleteMultipartUpload', whole.length],
    ]);
    expect(events[1]?.etag).toBe(md5(source));
  });

  it('reports deletes to onObjectRemoved and stops calling unsubscribed listeners', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'media-uploads', Key: 'doomed', Body: 'x' }));
    const calls: string[] = [];
    const unsubscribe = s3.onObjectCreated(() => {
      calls.push('created');
    });
    unsubscribe();
    const removed = nextEvent<S3ObjectRemoved>((listener) => s3.onObjectRemoved(listener));
    await client.send(new DeleteObjectCommand({ Bucket: 'media-uploads', Key: 'doomed' }));
    expect(await removed).toMatchObject({
      bucket: 'media-uploads',
      key: 'doomed',
      eventName: 'ObjectRemoved:Delete',
    });
    await client.send(new PutObjectCommand({ Bucket: 'media-uploads', Key: 'after', Body: 'y' }));
    expect(calls).toEqual([]);
  });

  it('keeps serving when a listener throws, and hands the error to onListenerError', async () => {
    const errors: unknown[] = [];
    const other = await startS3({ buckets: ['b-one'], onListenerError: (error) => errors.push(error) });
    const otherClient = new S3Client({
      ...localClientConfig(other.endpoint),
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    other.onObjectCreated(() => {
      throw new Error('listener broke');
    });
    await otherClient.send(new PutObjectCommand({ Bucket: 'b-one', Key: 'k', Body: 'v' }));
    await otherClient.send(new PutObjectCommand({ Bucket: 'b-one', Key: 'k2', Body: 'v' }));
    const deadline = Date.now() + 2_000;
    while (errors.length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors.map((error) => (error as Error).message)).toEqual(['listener broke', 'listener broke']);
    otherClient.destroy();
    await other.stop();
  });

  it('creates buckets idempotently and refuses invalid names', async () => {
    expect(await s3.createBuckets(['media-renditions', 'media-uploads'])).toEqual({
      created: ['media-renditions'],
      existing: ['media-uploads'],
    });
    const { Buckets } = await client.send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name).sort()).toEqual(['media-renditions', 'media-uploads']);
    await expect(s3.createBuckets(['Bad_Name'])).rejects.toThrow('invalid bucket name "Bad_Name"');
  });

  it('names the emulator and the port when the port is taken', async () => {
    const failure = startS3({ port: s3.port });
    await expect(failure).rejects.toThrow(PortInUseError);
    await expect(failure).rejects.toThrow(`s3: port ${s3.port} is already in use`);
  });
});

describe('S3 emulator persistence', () => {
  it('keeps objects in dataDir across restarts and removes its temporary folder otherwise', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 's3-data-'));
    const first = await startS3({ dataDir, buckets: ['kept'] });
    const writer = new S3Client({
      ...localClientConfig(first.endpoint),
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    await writer.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a.txt', Body: 'still here' }));
    writer.destroy();
    await first.stop();

    const second = await startS3({ dataDir });
    const reader = new S3Client({
      ...localClientConfig(second.endpoint),
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    expect((await readBack(reader, 'kept', 'a.txt')).toString()).toBe('still here');
    reader.destroy();
    await second.stop();
    expect(existsSync(path.join(dataDir, 'kept'))).toBe(true);

    const temporary = await startS3();
    await temporary.stop();
    expect(existsSync(temporary.dataDir)).toBe(false);
  });
});
