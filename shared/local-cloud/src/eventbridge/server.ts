import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeApiError } from './api-error';
import type { LocalEventBus, ReplayRequest } from './event-bus';
import { isPlainObject } from './json-text';

export interface EventBridgeServerOptions {
  readonly bus: LocalEventBus;
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export interface RunningEventBridgeServer {
  readonly server: Server;
  readonly port: number;
  readonly endpoint: string;
  stop(): Promise<void>;
}

type Operation = (bus: LocalEventBus, input: Record<string, unknown>) => unknown;

/** The JSON body of an operation is its request shape (member names are the same on the wire). */
const asRequest = <T>(input: Record<string, unknown>): T => input as T;

/** PutEvents entries carry `Time` as epoch seconds on the wire. */
function withEntryTimes(input: Record<string, unknown>): Record<string, unknown> {
  const entries = Array.isArray(input.Entries) ? input.Entries : [];
  return {
    ...input,
    Entries: entries.map((entry: unknown) =>
      isPlainObject(entry) && typeof entry.Time === 'number'
        ? { ...entry, Time: new Date(entry.Time * 1000) }
        : entry,
    ),
  };
}

// The AWS JSON 1.1 operations of the local bus, by `X-Amz-Target: AWSEvents.<Name>`.
const OPERATIONS: Record<string, Operation> = {
  PutEvents: (bus, input) => bus.putEvents(asRequest(withEntryTimes(input))),
  PutRule: (bus, input) => bus.putRule(asRequest(input)),
  DescribeRule: (bus, input) => bus.describeRule(asRequest(input)),
  EnableRule: (bus, input) => bus.enableRule(asRequest(input)),
  DisableRule: (bus, input) => bus.disableRule(asRequest(input)),
  ListRules: (bus, input) => bus.listRules(asRequest(input)),
  DeleteRule: (bus, input) => bus.deleteRule(asRequest(input)),
  PutTargets: (bus, input) => bus.putTargets(asRequest(input)),
  RemoveTargets: (bus, input) => bus.removeTargets(asRequest(input)),
  ListTargetsByRule: (bus, input) => bus.listTargetsByRule(asRequest(input)),
  CreateEventBus: (bus, input) => bus.createEventBus(asRequest(input)),
  DeleteEventBus: (bus, input) => bus.deleteEventBus(asRequest(input)),
  DescribeEventBus: (bus, input) => bus.describeEventBus(asRequest(input)),
  ListEventBuses: (bus, input) => bus.listEventBuses(asRequest(input)),
  TestEventPattern: (bus, input) => bus.testEventPattern(asRequest(input)),
};

const MAX_BODY_BYTES = 2 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new EventBridgeApiError('ValidationException', 'Request body is too large.', 413));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Timestamps go out as epoch seconds, as the JSON 1.1 protocol has them. */
function toWireJson(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, item: unknown) {
    const original = key === '' ? item : this[key];
    return original instanceof Date ? original.getTime() / 1000 : item;
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/x-amz-json-1.1',
): void {
  const text = toWireJson(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof EventBridgeApiError) {
    response.setHeader('x-amzn-errortype', error.type);
    send(response, error.statusCode, { __type: error.type, message: error.message });
    return;
  }
  send(response, 500, {
    __type: 'InternalException',
    message: error instanceof Error ? error.message : String(error),
  });
}

function parseJsonBody(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EventBridgeApiError('SerializationException', 'The request body is not valid JSON.');
  }
  if (!isPlainObject(parsed))
    throw new EventBridgeApiError('SerializationException', 'The request body must be a JSON object.');
  return parsed;
}

function toDate(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = new Date(value as string);
  if (Number.isNaN(date.getTime()))
    throw new EventBridgeApiError('ValidationException', `${name} is not a valid time: ${String(value)}`);
  return date;
}

/** `POST /_local/replay {"since", "until"?, "pattern"?, "eventBusName"?, "rules"?, "replayName"?}` */
async function handleReplay(bus: LocalEventBus, body: Record<string, unknown>): Promise<unknown> {
  const since = toDate(body.since, 'since');
  if (!since) throw new EventBridgeApiError('ValidationException', 'since is required.');
  const until = toDate(body.until, 'until');
  const request: ReplayRequest = {
    since,
    ...(until ? { until } : {}),
    ...(body.pattern === undefined ? {} : { pattern: body.pattern }),
    ...(typeof body.eventBusName === 'string' ? { eventBusName: body.eventBusName } : {}),
    ...(Array.isArray(body.rules) ? { rules: body.rules.map(String) } : {}),
    ...(typeof body.replayName === 'string' ? { replayName: body.replayName } : {}),
  };
  return bus.replay(request);
}

async function handle(bus: LocalEventBus, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && path === '/_local/health')
    return send(response, 200, { ok: true }, 'application/json');
  if (request.method === 'POST' && path === '/_local/replay') {
    const body = parseJsonBody(await readBody(request));
    return send(response, 200, await handleReplay(bus, body), 'application/json');
  }
  if (request.method !== 'POST') {
    throw new EventBridgeApiError(
      'UnknownOperationException',
      `${request.method ?? ''} ${path} is not an EventBridge operation.`,
      404,
    );
  }
  const target = String(request.headers['x-amz-target'] ?? '');
  const operationName = target.startsWith('AWSEvents.') ? target.slice('AWSEvents.'.length) : '';
  const operation = OPERATIONS[operationName];
  if (!operation) {
    throw new EventBridgeApiError(
      'UnknownOperationException',
      `Operation ${target || '(none)'} is not supported by the local EventBridge.`,
    );
  }
  const input = parseJsonBody(await readBody(request));
  send(response, 200, operation(bus, input));
}

/**
 * Serves a {@link LocalEventBus} over the AWS JSON 1.1 protocol the SDK speaks
 * (`POST /`, `X-Amz-Target: AWSEvents.PutEvents`, `application/x-amz-json-1.1`), plus a small
 * admin API for the replay command.
 */
export async function startEventBridgeServer(
  options: EventBridgeServerOptions,
): Promise<RunningEventBridgeServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(options.bus, request, response).catch((error: unknown) => sendError(response, error));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    endpoint: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
