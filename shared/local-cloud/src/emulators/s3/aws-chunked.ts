import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/**
 * Decodes the `aws-chunked` content encoding that SDK v3 uses for streamed uploads when it
 * computes a checksum (the default since early 2025, `requestChecksumCalculation: WHEN_SUPPORTED`):
 *
 *   <hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0[;...]\r\n[<trailer>:<value>\r\n]*\r\n
 *
 * s3rver does not know this encoding and would store the framing as the object's bytes.
 * Trailing checksums are not verified: clients verify what they read back.
 */
export class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private state: 'size' | 'data' | 'data-end' | 'trailers' | 'done' = 'size';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state === 'done' || (this.state === 'trailers' && this.buffer.length === 0)) {
      callback();
      return;
    }
    callback(new Error(`aws-chunked body ended early (while reading ${this.state})`));
  }

  private drain(): void {
    for (;;) {
      switch (this.state) {
        case 'size': {
          const line = this.takeLine();
          if (line === undefined) return;
          const sizeText = line.split(';', 1)[0]?.trim() ?? '';
          if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`aws-chunked: bad chunk size line "${line}"`);
          this.remaining = parseInt(sizeText, 16);
          this.state = this.remaining === 0 ? 'trailers' : 'data';
          break;
        }
        case 'data': {
          if (this.buffer.length === 0) return;
          const take = Math.min(this.remaining, this.buffer.length);
          this.push(this.buffer.subarray(0, take));
          this.buffer = this.buffer.subarray(take);
          this.remaining -= take;
          if (this.remaining > 0) return;
          this.state = 'data-end';
          break;
        }
        case 'data-end': {
          const line = this.takeLine();
          if (line === undefined) return;
          if (line !== '') throw new Error('aws-chunked: chunk data not followed by CRLF');
          this.state = 'size';
          break;
        }
        case 'trailers': {
          const line = this.takeLine();
          if (line === undefined) return;
          if (line === '') this.state = 'done';
          break;
        }
        case 'done':
          this.buffer = Buffer.alloc(0);
          return;
      }
    }
  }

  private takeLine(): string | undefined {
    const end = this.buffer.indexOf('\r\n');
    if (end === -1) return undefined;
    const line = this.buffer.subarray(0, end).toString('latin1');
    this.buffer = this.buffer.subarray(end + 2);
    return line;
  }
}

/** Whether request headers announce an aws-chunked body. */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = headers['content-encoding'];
  const sha = headers['x-amz-content-sha256'];
  const encodings = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? ''))
    .split(',')
    .map((v) => v.trim());
  return encodings.includes('aws-chunked') || (typeof sha === 'string' && sha.startsWith('STREAMING-'));
}

/**
 * Rewrites headers to describe the decoded body: the real length from x-amz-decoded-content-length
 * and the content-encoding without aws-chunked (s3rver would otherwise store it as metadata).
 */
export function decodedHeaders(headers: Record<string, string | string[] | undefined>): void {
  const decodedLength = headers['x-amz-decoded-content-length'];
  if (typeof decodedLength === 'string') headers['content-length'] = decodedLength;
  const encoding = headers['content-encoding'];
  if (typeof encoding === 'string') {
    const rest = encoding
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '' && value !== 'aws-chunked');
    if (rest.length === 0) delete headers['content-encoding'];
    else headers['content-encoding'] = rest.join(',');
  }
  delete headers['transfer-encoding'];
}
