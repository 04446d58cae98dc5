import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/**
 * local-aws-sqs 2.0.2 reads only the deprecated `AttributeNames` of ReceiveMessage and ignores
 * `MessageSystemAttributeNames`, which current SDK code uses for ApproximateReceiveCount and
 * friends. This folds the modern list into the old one before the request reaches the library.
 */
export async function withModernReceiveParameters(request: IncomingMessage): Promise<IncomingMessage> {
  if (request.headers['x-amz-target'] !== 'AmazonSQS.ReceiveMessage') return request;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  let body = raw;
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    if (Array.isArray(parsed.MessageSystemAttributeNames)) {
      const existing = Array.isArray(parsed.AttributeNames) ? (parsed.AttributeNames as unknown[]) : [];
      parsed.AttributeNames = [...new Set([...existing, ...parsed.MessageSystemAttributeNames])];
      delete parsed.MessageSystemAttributeNames;
      body = Buffer.from(JSON.stringify(parsed));
    }
  } catch {
    // Not JSON: let the library answer with its own error.
  }
  const replay = Readable.from([body]) as unknown as IncomingMessage;
  return Object.assign(replay, { headers: request.headers, method: request.method, url: request.url });
}
