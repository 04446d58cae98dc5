import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ServerlessConfiguration } from '../../../src/config/serverless-configuration';
import type { ProxyDecision, RunningUsagePlanProxy } from '../../../src/api-gateway';
import { deriveUsagePlanModel, startUsagePlanProxy } from '../../../src/api-gateway';

const FREE_KEY = 'free-key-value-0123456789';
const PARTNER_KEY = 'partner-key-value-0123456789';

const configuration = {
  service: 'orders',
  provider: {
    name: 'aws',
    apiGateway: {
      usagePlan: [
        { free: { throttle: { rateLimit: 1, burstLimit: 3 }, quota: { limit: 5, period: 'DAY' } } },
        { partner: { throttle: { rateLimit: 100, burstLimit: 200 } } },
      ],
      apiKeys: [
        { free: [{ name: 'free-demo', value: FREE_KEY }] },
        { partner: [{ name: 'acme', value: PARTNER_KEY }] },
      ],
    },
  },
  functions: {
    placeOrder: {
      handler: 'p.handler',
      events: [{ http: { method: 'post', path: '/orders', private: true } }],
    },
    getOrder: {
      handler: 'g.handler',
      events: [{ http: { method: 'get', path: '/orders/{orderId}', private: true } }],
    },
    exportOrders: { handler: 'e.handler', events: [{ http: { method: 'get', path: '/orders/export' } }] },
    health: { handler: 'h.handler', events: [{ http: 'GET /health' }] },
  },
} as ServerlessConfiguration;
const model = deriveUsagePlanModel({ configuration, configFile: 'services/orders/serverless.yml' });

interface Recorded {
  method: string;
  url: string;
  rawHeaders: string[];
  bodySha256: string;
  bodyLength: number;
}

interface Upstream {
  endpoint: string;
  requests: Recorded[];
  /** Resolves the held /stream response so it can finish. */
  releaseStream: () => void;
  stop(): Promise<void>;
}

/** A stand-in for serverless-offline: records what reached it and answers by path. */
async function startUpstream(): Promise<Upstream> {
  const requests: Recorded[] = [];
  let releaseStream = () => undefined as void;
  const server = createServer((request, response) => {
    const hash = createHash('sha256');
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    request.on('end', () => {
      const recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        rawHeaders: request.rawHeaders,
        bodySha256: hash.digest('hex'),
        bodyLength: length,
      };
      requests.push(recorded);
      answer(request.url ?? '', recorded, response);
    });
  });
  const answer = (url: string, recorded: Recorded, response: ServerResponse) => {
    if (url.startsWith('/stream')) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first chunk;');
      releaseStream = () => void response.end('last chunk');
      return;
    }
    if (url.startsWith('/binary')) {
      const body = Buffer.from(recorded.bodySha256, 'hex');
      response.writeHead(201, 'Made', [
        'Content-Type',
        'application/octet-stream',
        'Set-Cookie',
        'a=1; Path=/',
        'Set-Cookie',
        'b=2; Path=/',
        'X-Mixed-Case',
        'Kept',
        'Content-Length',
        String(body.length),
      ]);
      response.end(body);
      return;
    }
    const body = JSON.stringify({ method: recorded.method, url: recorded.url });
    response.writeHead(200, {
      'content-type': 'application/json',
      'x-upstream': 'offline',
      'cache-control': 'no-store',
    });
    response.end(body);
  };
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    releaseStream: () => releaseStream(),
    stop: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

interface Answer {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** One request on its own connection (no keep-alive pool left open by the test). */
function send(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders | string[]; body?: Buffer | string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            statusMessage: response.statusMessage ?? '',
            headers: response.headers,
            rawHeaders: response.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8')) as unknown;
/** Headers that each hop sets for itself. */
const PER_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const endToEnd = (rawHeaders: string[]) =>
  rawHeaders.flatMap((value, index, all) =>
    index % 2 === 0 && !PER_HOP.has(value.toLowerCase()) ? [[value, all[index + 1]]] : [],
  );

describe('startUsagePlanProxy', () => {
  let upstream: Upstream;
  let proxy: RunningUsagePlanProxy;
  let now: number;
  const decisions: ProxyDecision[] = [];

  beforeEach(async () => {
    now = Date.parse('2026-03-14T12:00:00Z');
    decisions.length = 0;
    upstream = await startUpstream();
    proxy = await startUsagePlanProxy({
      target: upstream.endpoint,
      model,
      port: 0,
      clock: () => now,
      onDecision: (decision) => decisions.push(decision),
    });
  });

  afterEach(async () => {
    await proxy.stop();
    await upstream.stop();
  });

  it('listens on 127.0.0.1 on a random port and names itself after the service', () => {
    expect(proxy.name).toBe('api-gateway:orders');
    expect(proxy.port).toBeGreaterThan(0);
    expect(proxy.endpoint).toBe(`http://127.0.0.1:${proxy.port}`);
  });

  it('answers 403 Forbidden like API Gateway to a private route without a key or with an unknown key, and forwards nothing', async () => {
    const missing = await send(`${proxy.endpoint}/orders`, { method: 'POST', body: '{}' });
    const unknown = await send(`${proxy.endpoint}/orders/o-1`, {
      headers: { 'x-api-key': 'someone-elses-key-0123456789' },
    });
    for (const answer of [missing, unknown]) {
      expect(answer.status).toBe(403);
      expect(json(answer)).toEqual({ message: 'Forbidden' });
      expect(answer.headers['content-type']).toBe('application/json');
      expect(answer.headers['x-amzn-errortype']).toBe('ForbiddenException');
    }
    expect(upstream.requests).toEqual([]);
    expect(proxy.report().refused).toEqual({ missingKey: 1, unknownKey: 1, disabledKey: 0 });
  });

  it('forwards a private request with a known key, x-api-key included, matching path parameters', async () => {
    const answer = await send(`${proxy.endpoint}/orders/o-42?expand=items`, {
      headers: { 'x-api-key': FREE_KEY },
    });
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual({ method: 'GET', url: '/orders/o-42?expand=items' });
    expect(upstream.requests[0]?.rawHeaders).toEqual(expect.arrayContaining(['x-api-key', FREE_KEY]));
    expect(decisions.map((decision) => [decision.route.functionKey, decision.admission.outcome])).toEqual([
      ['getOrder', 'admitted'],
    ]);
  });

  it('answers 429 Too Many Requests once the key has used its burst, without Retry-After, and admits again as the bucket refills', async () => {
    const asFree = () => send(`${proxy.endpoint}/orders/o-1`, { headers: { 'x-api-key': FREE_KEY } });
    const burst = [await asFree(), await asFree(), await asFree()];
    expect(burst.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const throttled = await asFree();
    expect(throttled.status).toBe(429);
    expect(json(throttled)).toEqual({ message: 'Too Many Requests' });
    expect(throttled.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
    expect(throttled.headers['retry-after']).toBeUndefined();
    expect(upstream.requests).toHaveLength(3);

    // Another key's bucket is its own.
    expect(
      (await send(`${proxy.endpoint}/orders/o-1`, { headers: { 'x-api-key': PARTNER_KEY } })).status,
    ).toBe(200);

    now += 1_000; // rateLimit 1/s: one token back
    expect((await asFree()).status).toBe(200);
    expect((await asFree()).status).toBe(429);
  });

  it('answers 429 Limit Exceeded once the daily quota is used, until the next UTC day', async () => {
    const asFree = () =>
      send(`${proxy.endpoint}/orders`, { method: 'POST', headers: { 'x-api-key': FREE_KEY }, body: '{}' });
    const statuses: number[] = [];
    for (let request = 0; request < 5; request += 1) {
      statuses.push((await asFree()).status);
      now += 1_000; // stay within the rate so only the quota can refuse
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const exceeded = await asFree();
    expect(exceeded.status).toBe(429);
    expect(json(exceeded)).toEqual({ message: 'Limit Exceeded' });
    expect(exceeded.headers['x-amzn-errortype']).toBe('LimitExceededException');
    expect(proxy.usage(FREE_KEY)).toMatchObject({
      requests: { admitted: 5, throttled: 0, quotaExceeded: 1 },
      quota: { used: 5, remaining: 0, allowance: 5 },
    });

    now = Date.parse('2026-03-15T00:00:00Z');
    expect((await asFree()).status).toBe(200);
    expect(proxy.usage(FREE_KEY)?.quota).toMatchObject({ used: 1, remaining: 4 });
    expect(upstream.requests).toHaveLength(6);
  });

  it('leaves public routes alone: no key needed, nothing counted, the answer exactly as the upstream gave it', async () => {
    const direct = await send(`${upstream.endpoint}/orders/export`);
    const viaProxy = await Promise.all(
      Array.from({ length: 10 }, () => send(`${proxy.endpoint}/orders/export`)),
    );
    for (const answer of viaProxy) {
      expect(answer.status).toBe(200);
      expect(answer.body.equals(direct.body)).toBe(true);
      expect(endToEnd(answer.rawHeaders)).toEqual(endToEnd(direct.rawHeaders));
    }
    expect((await send(`${proxy.endpoint}/health`, { headers: { 'x-api-key': 'not-a-key' } })).status).toBe(
      200,
    );
    // Unknown routes go to the upstream too, which answers them as it does.
    expect((await send(`${proxy.endpoint}/nowhere`)).status).toBe(200);
    expect(decisions).toEqual([]);
    expect(proxy.report().keys.every((key) => key.requests.admitted === 0)).toBe(true);
  });

  it('forwards method, path, header names, order and duplicates, and a large body intact, and returns status, headers and body intact', async () => {
    const body = randomBytes(4 * 1024 * 1024 + 17);
    const requestHeaders = [
      'Host',
      `127.0.0.1:${proxy.port}`,
      'X-Api-Key',
      PARTNER_KEY,
      'Content-Type',
      'application/octet-stream',
      'X-Trace',
      'one',
      'X-Trace',
      'two',
      'Content-Length',
      String(body.length),
      'Authorization',
      'Bearer token',
    ];
    const answer = await send(`${proxy.endpoint}/binary`, { method: 'PUT', headers: requestHeaders, body });
    const received = upstream.requests[0] as Recorded;
    expect(received.method).toBe('PUT');
    expect(received.url).toBe('/binary');
    expect(received.bodyLength).toBe(body.length);
    expect(received.bodySha256).toBe(createHash('sha256').update(body).digest('hex'));
    // Host included: the upstream sees the request as the client wrote it, but for per-hop headers.
    expect(endToEnd(received.rawHeaders)).toEqual(endToEnd(requestHeaders));

    expect(answer.status).toBe(201);
    expect(answer.statusMessage).toBe('Made');
    expect(answer.body.toString('hex')).toBe(received.bodySha256);
    expect(endToEnd(answer.rawHeaders)).toEqual([
      ['Content-Type', 'application/octet-stream'],
      ['Set-Cookie', 'a=1; Path=/'],
      ['Set-Cookie', 'b=2; Path=/'],
      ['X-Mixed-Case', 'Kept'],
      ['Content-Length', '32'],
    ]);
  });

  it('streams a streamed private POST body through to the upstream', async () => {
    const chunks = Array.from({ length: 64 }, (_, index) => randomBytes(16 * 1024 + index));
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(
        `${proxy.endpoint}/orders`,
        { method: 'POST', headers: { 'x-api-key': PARTNER_KEY }, agent: false },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (chunk: Buffer) => parts.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              statusMessage: '',
              headers: response.headers,
              rawHeaders: response.rawHeaders,
              body: Buffer.concat(parts),
            }),
          );
        },
      );
      request.on('error', reject);
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });
    expect(answer.status).toBe(200);
    const all = Buffer.concat(chunks);
    expect(upstream.requests[0]).toMatchObject({
      method: 'POST',
      bodyLength: all.length,
      bodySha256: createHash('sha256').update(all).digest('hex'),
    });
    expect(upstream.requests[0]?.rawHeaders).toEqual(
      expect.arrayContaining(['Transfer-Encoding', 'chunked']),
    );
  });

  it('streams the response: the first chunk arrives while the upstream is still writing', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(`${proxy.endpoint}/stream`, { agent: false }, (response) => {
        let received = '';
        response.on('data', (chunk: Buffer) => {
          received += chunk.toString('utf8');
          // The upstream ends only once the proxy has passed the first chunk on.
          if (received === 'first chunk;') upstream.releaseStream();
        });
        response.on('end', () => resolve(received));
      });
      request.on('error', reject);
      request.end();
    });
    expect(text).toBe('first chunk;last chunk');
  });

  it('answers 502 with a message naming the service when the upstream does not answer', async () => {
    await upstream.stop();
    const answer = await send(`${proxy.endpoint}/health`);
    expect(answer.status).toBe(502);
    expect(json(answer)).toEqual({ message: expect.stringContaining('api-gateway:orders') });
    expect(json(answer)).toEqual({ message: expect.stringContaining('ECONNREFUSED') });
  });

  it('releases its port on stop()', async () => {
    const { port } = proxy;
    await proxy.stop();
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

describe('startUsagePlanProxy with serverless-offline stage prefix', () => {
  it('matches routes behind the prefix and forwards the path unchanged', async () => {
    const upstream = await startUpstream();
    const proxy = await startUsagePlanProxy({ target: upstream.endpoint, model, pathPrefix: '/local' });
    try {
      expect((await send(`${proxy.endpoint}/local/orders`, { method: 'POST', body: '{}' })).status).toBe(403);
      const admitted = await send(`${proxy.endpoint}/local/orders`, {
        method: 'POST',
        headers: { 'x-api-key': PARTNER_KEY },
        body: '{}',
      });
      expect(json(admitted)).toEqual({ method: 'POST', url: '/local/orders' });
      // Without the prefix the request reaches no route: the upstream answers it as it does.
      expect((await send(`${proxy.endpoint}/orders`, { method: 'POST', body: '{}' })).status).toBe(200);
      expect(upstream.requests.map((request) => request.url)).toEqual(['/local/orders', '/orders']);
    } finally {
      await proxy.stop();
      await upstream.stop();
    }
  });

  it('refuses a target that is not http://', async () => {
    await expect(startUsagePlanProxy({ target: 'https://127.0.0.1:1', model })).rejects.toThrow(
      'target must be an http:// URL',
    );
  });
});
