import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import {
  type AwsJsonOperation,
  type AwsJsonProtocol,
  readJsonObjectBody,
  sendAwsJson,
  sendAwsJsonError,
  serveAwsJsonRequest,
} from '../emulators/support/aws-json-server';
import { closeServer, listenOn } from '../emulators/support/ports';
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

const PROTOCOL: AwsJsonProtocol = {
  jsonVersion: '1.1',
  maxBodyBytes: 2 * 1024 * 1024,
  // EventBridge's exception shapes name the member `message` only.
  errorMessageMember: 'message',
  internalErrorType: 'InternalException',
};

/** The operations answering for `bus`, by their full `X-Amz-Target`. */
function operationsOf(bus: LocalEventBus): Record<string, AwsJsonOperation> {
  return Object.fromEntries(
    Object.entries(OPERATIONS).map(([name, operation]) => [
      `AWSEvents.${name}`,
      (input: Record<string, unknown>) => operation(bus, input),
    ]),
  );
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

async function handle(
  bus: LocalEventBus,
  operations: Record<string, AwsJsonOperation>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && path === '/_local/health')
    return sendAwsJson(response, 200, { ok: true }, PROTOCOL, { contentType: 'application/json' });
  if (request.method === 'POST' && path === '/_local/replay') {
    const body = await readJsonObjectBody(request, PROTOCOL);
    return sendAwsJson(response, 200, await handleReplay(bus, body), PROTOCOL, {
      contentType: 'application/json',
    });
  }
  if (request.method !== 'POST') {
    throw new EventBridgeApiError(
      'UnknownOperationException',
      `${request.method ?? ''} ${path} is not an EventBridge operation.`,
      404,
    );
  }
  await serveAwsJsonRequest(request, response, { ...PROTOCOL, name: 'the local EventBridge', operations });
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
  const operations = operationsOf(options.bus);
  const server = createServer((request, response) => {
    handle(options.bus, operations, request, response).catch((error: unknown) =>
      sendAwsJsonError(response, error, PROTOCOL),
    );
  });
  server.keepAliveTimeout = 5_000;
  const port = await listenOn(server, 'eventbridge', options.port ?? 0, host);
  return { server, port, endpoint: `http://${host}:${port}`, stop: () => closeServer(server) };
}
