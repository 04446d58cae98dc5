import { Agent, createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { RunningEmulator } from '../emulators/running-emulator';
import { LOCAL_HOST, closeServer, listenOn } from '../emulators/support/ports';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { sendGatewayResponse } from './gateway-responses';
import { RouteMatcher } from './route-matcher';
import type { Admission } from './usage-plan-enforcer';
import { UsagePlanEnforcer } from './usage-plan-enforcer';
import type { KeyUsage, UsageReport } from './usage-report';
import type { HttpRoute, UsagePlanModel } from './usage-plans';

export interface UsagePlanProxyOptions {
  /** The service's serverless-offline HTTP server, `http://127.0.0.1:PORT`. */
  target: string;
  model: UsagePlanModel;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  host?: typeof LOCAL_HOST;
  /** Path serverless-offline puts before every route (`/local` without --noPrependStageInUrl). */
  pathPrefix?: string;
  /** Injected for tests; default Date.now. */
  clock?: Clock;
  /** Called once per request to a private route, with what was decided (for the local cloud's log). */
  onDecision?: (decision: ProxyDecision) => void;
}

export interface ProxyDecision {
  method: string;
  url: string;
  route: HttpRoute;
  admission: Admission;
}

export interface RunningUsagePlanProxy extends RunningEmulator {
  /** Current usage of the key with this value, or undefined when it is no key of the service. */
  usage(keyValue: string): KeyUsage | undefined;
  /** Usage of every key of the service. */
  report(): UsageReport;
}

/**
 * Headers that describe one connection, not the message: each hop sets its own. `Expect` too:
 * the proxy's server has already answered `100 Continue` to the client.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

/**
 * A reverse proxy in front of one service's serverless-offline HTTP port that does what API
 * Gateway does for usage plans and serverless-offline does not: requests to private routes need
 * a known, enabled `x-api-key` (403 otherwise) and are throttled and counted per key by the key's
 * plan (429). Admitted requests and every request to a public or unknown route are forwarded
 * as they came (method, path, headers, streamed body) and the answer is returned as it came.
 */
export async function startUsagePlanProxy(options: UsagePlanProxyOptions): Promise<RunningUsagePlanProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') {
    throw new Error(
      `usage-plan proxy for ${options.model.service}: target must be an http:// URL, got ${options.target}`,
    );
  }
  const name = `api-gateway:${options.model.service}`;
  const enforcer = new UsagePlanEnforcer(options.model, options.clock ?? systemClock);
  const matcher = new RouteMatcher(options.model.routes, {
    ...(options.pathPrefix !== undefined ? { pathPrefix: options.pathPrefix } : {}),
  });
  const agent = new Agent({ keepAlive: true });

  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const route = matcher.match(method, url);
    if (route?.private) {
      const admission = enforcer.admit(headerValue(request, 'x-api-key'));
      options.onDecision?.({ method, url, route, admission });
      if (admission.outcome === 'forbidden') return sendGatewayResponse(response, 'forbidden');
      if (admission.outcome === 'throttled') return sendGatewayResponse(response, 'throttled');
      if (admission.outcome === 'quota-exceeded') return sendGatewayResponse(response, 'quotaExceeded');
    }
    forward(request, response, target, agent, name);
  });
  // Uploads and slow handlers are serverless-offline's to time out, not the proxy's.
  server.requestTimeout = 0;

  const port = await listenOn(server, name, options.port ?? 0, options.host ?? LOCAL_HOST);
  return {
    name,
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    usage: (keyValue) => enforcer.usage(keyValue),
    report: () => enforcer.report(),
    stop: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
}

function forward(
  request: IncomingMessage,
  response: ServerResponse,
  target: URL,
  agent: Agent,
  name: string,
): void {
  const upstream = httpRequest({
    agent,
    host: target.hostname,
    port: target.port,
    method: request.method,
    path: request.url,
    // As a flat list, so the header names keep the case and order the client sent.
    headers: withoutHopByHop(request.rawHeaders),
  });

  upstream.on('response', (upstreamResponse) => {
    response.writeHead(
      upstreamResponse.statusCode ?? 502,
      upstreamResponse.statusMessage,
      withoutHopByHop(upstreamResponse.rawHeaders),
    );
    pipeline(upstreamResponse, response, () => undefined);
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    const body = JSON.stringify({
      message: `${name}: ${target.origin} did not answer (${error.code ?? error.message}); is serverless offline running?`,
    });
    response.writeHead(502, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  // A client that goes away takes its upstream request with it.
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
  pipeline(request, upstream, () => undefined);
}

function withoutHopByHop(rawHeaders: string[]): string[] {
  const connectionListed = new Set<string>();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === 'connection') {
      for (const token of (rawHeaders[index + 1] ?? '').split(','))
        connectionListed.add(token.trim().toLowerCase());
    }
  }
  const kept: string[] = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const header = rawHeaders[index] as string;
    const lower = header.toLowerCase();
    if (HOP_BY_HOP.has(lower) || connectionListed.has(lower)) continue;
    kept.push(header, rawHeaders[index + 1] as string);
  }
  return kept;
}

function headerValue(request: IncomingMessage, header: string): string | undefined {
  const value = request.headers[header];
  return Array.isArray(value) ? value.join(', ') : value;
}
