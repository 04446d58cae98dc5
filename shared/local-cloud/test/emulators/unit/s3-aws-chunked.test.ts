import { Readable } from 'node:stream';
import fc from 'fast-check';
import { AwsChunkedDecoder } from '../../../src/emulators/s3';
import { decodedHeaders, isAwsChunked } from '../../../src/emulators/s3/aws-chunked';

function encode(chunks: Buffer[], signed: boolean): Buffer {
  const extension = signed ? `;chunk-signature=${'a'.repeat(64)}` : '';
  const parts = chunks.map((chunk) =>
    Buffer.concat([Buffer.from(`${chunk.length.toString(16)}${extension}\r\n`), chunk, Buffer.from('\r\n')]),
  );
  return Buffer.concat([...parts, Buffer.from(`0${extension}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`)]);
}

/** Feeds `body` to the decoder cut at the given offsets, as a network would. */
async function decode(body: Buffer, cuts: number[]): Promise<Buffer> {
  const offsets = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const offset of [...offsets, body.length]) {
    pieces.push(body.subarray(start, offset));
    start = offset;
  }
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(pieces.filter((piece) => piece.length > 0)).pipe(
    new AwsChunkedDecoder(),
  )) {
    out.push(chunk as Buffer);
  }
  return Buffer.concat(out);
}

describe('AwsChunkedDecoder', () => {
  it('returns exactly the payload for any chunking and any network fragmentation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        async (chunks, cuts, signed) => {
          const payload = chunks.map((chunk) => Buffer.from(chunk));
          const decoded = await decode(encode(payload, signed), cuts);
          expect(decoded.equals(Buffer.concat(payload))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps CR LF bytes inside the payload', async () => {
    const payload = Buffer.from('0\r\n\r\nline\r\n');
    expect((await decode(encode([payload], false), [3, 7])).toString()).toBe('0\r\n\r\nline\r\n');
  });

  it('fails on a truncated body or a bad size line', async () => {
    const body = encode([Buffer.from('hello')], false);
    await expect(decode(body.subarray(0, 6), [])).rejects.toThrow(/ended early/);
    await expect(decode(Buffer.from('zz\r\nhello\r\n0\r\n\r\n'), [])).rejects.toThrow(
      /bad chunk size line "zz"/,
    );
  });
});

describe('aws-chunked headers', () => {
  it('recognises the encoding by content-encoding or a streaming payload hash', () => {
    expect(isAwsChunked({ 'content-encoding': 'aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })).toBe(
      false,
    );
  });

  it('describes the decoded body: real length, other encodings kept', () => {
    const headers: Record<string, string> = {
      'content-encoding': 'gzip,aws-chunked',
      'content-length': '120',
      'x-amz-decoded-content-length': '77',
    };
    decodedHeaders(headers);
    expect(headers).toEqual({
      'content-encoding': 'gzip',
      'content-length': '77',
      'x-amz-decoded-content-length': '77',
    });
    const only: Record<string, string> = { 'content-encoding': 'aws-chunked' };
    decodedHeaders(only);
    expect(only).toEqual({});
  });
});
