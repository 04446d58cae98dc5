import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_HOST, closeServer, listenOn } from '../emulators/support/ports';
import { readBody } from '../emulators/support/read-body';

export interface AdminHandlers {
  /** A serverless-offline child posts its resolved configuration; the answer goes back to it. */
  handshake(label: string, body: unknown): Promise<unknown>;
  /** Lambda endpoint (http://127.0.0.1:PORT) of the offline process that serves a function. */
  lambdaEndpointOf(functionName: string): string | undefined;
  fireSchedule(service: string, name: string): unknown;
  status(): unknown;
  stats(): unknown;
}

export interface RunningAdminServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Thrown by handlers for a request that names something unknown: answered with 404 and the message. */
export class AdminNotFoundError extends Error {}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const FORWARDED_REQUEST_HEADERS = [
  'x-amz-invocation-type',
  'x-amz-client-context',
  'x-amz-log-type',
  'content-type',
];

/**
 * The local cloud's own HTTP endpoint: the configuration handshake of the offline children, the
 * commands behind `npm run schedule:fire` and `--stats`, and a Lambda Invoke router, so that
 * `AWS_ENDPOINT_URL_LAMBDA` reaches every service's functions through one address.
 */
export async function startAdminServer(port: number, handlers: AdminHandlers): Promise<RunningAdminServer> {
  const server = createServer((request, response) => {
    route(request, response, handlers).catch((error: unknown) => {
      const status = error instanceof AdminNotFoundError ? 404 : 500;
      if (!response.headersSent) sendJson(response, status, { error: (error as Error).message });
      else response.destroy();
    });
  });
  // Handshakes wait while emulators start; never time them out on the server side.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  const bound = await listenOn(server, 'admin', port);
  return { endpoint: `http://${LOCAL_HOST}:${bound}`, port: bound, stop: () => closeServer(server) };
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  handlers: AdminHandlers,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const invoke = INVOKE_PATH.exec(path);
  if (invoke && request.method === 'POST') {
    const functionName = decodeURIComponent(invoke[1] as string)
      .split(':')
      .pop() as string;
    return forwardInvoke(request, response, functionName, handlers);
  }
  if (request.method === 'POST' && path.startsWith('/_handshake/')) {
    const answer = await handlers.handshake(
      decodeURIComponent(path.slice('/_handshake/'.length)),
      await readJson(request),
    );
    return sendJson(response, 200, answer);
  }
  if (request.method === 'POST' && path === '/_local/schedules/fire') {
    const body = (await readJson(request)) as { service?: unknown; name?: unknown };
    if (typeof body.service !== 'string' || typeof body.name !== 'string') {
      return sendJson(response, 400, { error: 'expected {"service": "...", "name": "..."}' });
    }
    return sendJson(response, 200, { fired: handlers.fireSchedule(body.service, body.name) });
  }
  if (request.method === 'GET' && path === '/_local/status')
    return sendJson(response, 200, handlers.status());
  if (request.method === 'GET' && path === '/_local/stats') return sendJson(response, 200, handlers.stats());
  sendJson(response, 404, { error: `no route ${request.method} ${path}` });
}

async function forwardInvoke(
  request: IncomingMessage,
  response: ServerResponse,
  functionName: string,
  handlers: AdminHandlers,
): Promise<void> {
  const endpoint = handlers.lambdaEndpointOf(functionName);
  if (endpoint === undefined) {
    response.writeHead(404, {
      'content-type': 'application/json',
      'x-amzn-errortype': 'ResourceNotFoundException',
    });
    response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${functionName}` }));
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = await readBody(request);
  const upstream = await fetch(
    `${endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
    {
      method: 'POST',
      headers,
      body,
    },
  );
  const responseHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (name.startsWith('x-amz') || name === 'content-type') responseHeaders[name] = value;
  });
  response.writeHead(upstream.status, responseHeaders);
  response.end(Buffer.from(await upstream.arrayBuffer()));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = (await readBody(request)).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
