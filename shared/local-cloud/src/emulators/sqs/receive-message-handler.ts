import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { readBody } from '../support/read-body';
import { withModernReceiveParameters } from './modern-receive-parameters';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

export interface ReceiveMessageHandlerOptions {
  /** local-aws-sqs's handler; every request ends up there. */
  requestHandler: RequestHandler;
  /** The queue's ReceiveMessageWaitTimeSeconds, used when a receive names no WaitTimeSeconds. */
  queueWaitTimeSeconds(queueUrl: string): number | undefined;
  /** Pause between the short polls a long poll is made of. */
  pollIntervalMs?: number;
}

interface CapturedAnswer {
  statusCode: number;
  headers: Map<string, number | string | readonly string[]>;
  body: string | Buffer | undefined;
}

const RECEIVE_MESSAGE_TARGET = 'AmazonSQS.ReceiveMessage';
const MAX_WAIT_TIME_SECONDS = 20;

/**
 * Wraps local-aws-sqs's request handler for two differences from SQS in ReceiveMessage (JSON
 * protocol, the one SDK v3 speaks):
 * - the modern `MessageSystemAttributeNames` (see withModernReceiveParameters);
 * - long polls: the library holds a receive until `MaxNumberOfMessages` messages are there or the
 *   wait is over, where SQS answers as soon as any message is available. A long poll is therefore
 *   run here as short polls (WaitTimeSeconds 0) until one returns a message or the wait is over.
 * Anything else, invalid waits included, reaches the library as it came, for its own answer.
 */
export function receiveMessageHandler(options: ReceiveMessageHandlerOptions): RequestHandler {
  const { requestHandler } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 20;

  return async (request, response) => {
    if (request.headers['x-amz-target'] !== RECEIVE_MESSAGE_TARGET) {
      return requestHandler(request, response);
    }
    const raw = await readBody(request);
    const parsed = parseObject(raw);
    if (parsed === undefined) return requestHandler(replay(request, raw), response);
    const body = withModernReceiveParameters(parsed);
    const waitTimeSeconds = body.WaitTimeSeconds ?? options.queueWaitTimeSeconds(String(body.QueueUrl ?? ''));
    if (!isLongPoll(waitTimeSeconds)) {
      return requestHandler(replay(request, JSON.stringify(body)), response);
    }

    const deadline = Date.now() + Number(waitTimeSeconds) * 1000;
    const shortPoll = JSON.stringify({ ...body, WaitTimeSeconds: 0 });
    let clientGone = false;
    response.once('close', () => {
      clientGone = true;
    });
    for (;;) {
      const answer = await capture(requestHandler, replay(request, shortPoll));
      if (answer.statusCode !== 200 || hasMessages(answer.body) || Date.now() >= deadline || clientGone) {
        send(answer, response);
        return;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Math.min(pollIntervalMs, deadline - Date.now()))),
      );
    }
  };
}

function isLongPoll(waitTimeSeconds: unknown): boolean {
  const seconds = typeof waitTimeSeconds === 'string' ? Number(waitTimeSeconds) : waitTimeSeconds;
  return (
    typeof seconds === 'number' &&
    Number.isInteger(seconds) &&
    seconds > 0 &&
    seconds <= MAX_WAIT_TIME_SECONDS
  );
}

function parseObject(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A request with the same headers and the given body, readable again by the library. */
function replay(request: IncomingMessage, body: Buffer | string): IncomingMessage {
  const copy = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
  return Object.assign(copy, { headers: request.headers, method: request.method, url: request.url });
}

/** Runs the library on a request and keeps its answer instead of sending it. */
function capture(requestHandler: RequestHandler, request: IncomingMessage): Promise<CapturedAnswer> {
  return new Promise((resolve) => {
    const answer: CapturedAnswer = { statusCode: 200, headers: new Map(), body: undefined };
    // Only what local-aws-sqs uses of a response: statusCode, setHeader and end.
    const recorder = {
      get statusCode() {
        return answer.statusCode;
      },
      set statusCode(code: number) {
        answer.statusCode = code;
      },
      setHeader(name: string, value: number | string | readonly string[]) {
        answer.headers.set(name, value);
        return recorder;
      },
      getHeader: (name: string) => answer.headers.get(name),
      end(chunk?: string | Buffer) {
        answer.body = chunk;
        resolve(answer);
        return recorder;
      },
    };
    void requestHandler(request, recorder as unknown as ServerResponse);
  });
}

function hasMessages(body: string | Buffer | undefined): boolean {
  if (body === undefined || body.length === 0) return false;
  const parsed = parseObject(Buffer.from(body));
  return Array.isArray(parsed?.Messages) && parsed.Messages.length > 0;
}

function send(answer: CapturedAnswer, response: ServerResponse): void {
  response.statusCode = answer.statusCode;
  for (const [name, value] of answer.headers) response.setHeader(name, value);
  response.end(answer.body);
}
