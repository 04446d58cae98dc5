/**
 * Cost of the usage-plan proxy: requests per second straight to an upstream HTTP server versus
 * through `startUsagePlanProxy` in front of it, for a public route (pass-through) and a private
 * route (key check, token bucket, quota on every request).
 *
 *   npx tsx shared/local-cloud/bench/usage-plan-proxy.bench.ts [--requests 20000] [--concurrency 32]
 *
 * Client, proxy and upstream share one process and one event loop, as a rough upper bound on
 * the overhead: the proxy's work competes with the client's and the upstream's. The upstream
 * answers a small JSON body at once, so the figures show the proxy's cost, not a handler's;
 * behind serverless-offline (milliseconds per invocation) the relative cost is far smaller.
 */
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ServerlessConfiguration } from '../src/config/serverless-configuration';
import { deriveUsagePlanModel, startUsagePlanProxy } from '../src/api-gateway';

const KEY = 'bench-key-value-0123456789';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);

interface Phase {
  name: string;
  rate: number;
  p50: number;
  p99: number;
}

async function run(
  name: string,
  url: string,
  headers: Record<string, string>,
  count: number,
  agent: Agent,
): Promise<Phase> {
  const latencies: number[] = [];
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const request = httpRequest(url, { agent, headers }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`${name}: status ${String(response.statusCode)}`));
        response.resume();
        response.on('end', () => {
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      request.on('error', reject);
      request.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next += 1;
        await one();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { name, rate: count / seconds, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const body = JSON.stringify({ ok: true });
  const upstream = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  const configuration = {
    service: 'bench',
    provider: {
      apiGateway: {
        usagePlan: [
          {
            unlimited: {
              throttle: { rateLimit: 1e9, burstLimit: 1e9 },
              quota: { limit: 1e9, period: 'DAY' },
            },
          },
        ],
        apiKeys: [{ unlimited: [{ name: 'bench', value: KEY }] }],
      },
    },
    functions: {
      item: {
        handler: 'h.handler',
        events: [{ http: { method: 'get', path: '/items/{id}', private: true } }],
      },
      health: { handler: 'h.handler', events: [{ http: { method: 'get', path: '/health' } }] },
    },
  } as ServerlessConfiguration;
  const model = deriveUsagePlanModel({ configuration, configFile: 'bench/serverless.yml' });
  const proxy = await startUsagePlanProxy({ target: upstreamUrl, model });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

  try {
    // Warm up sockets and JIT on every path.
    await run('warm-up', `${upstreamUrl}/health`, {}, 2_000, agent);
    await run('warm-up', `${proxy.endpoint}/items/1`, { 'x-api-key': KEY }, 2_000, agent);

    const direct = await run(
      'direct to upstream',
      `${upstreamUrl}/items/1`,
      { 'x-api-key': KEY },
      requests,
      agent,
    );
    const publicRoute = await run('proxy, public route', `${proxy.endpoint}/health`, {}, requests, agent);
    const privateRoute = await run(
      'proxy, private route',
      `${proxy.endpoint}/items/1`,
      { 'x-api-key': KEY },
      requests,
      agent,
    );

    console.log(
      `usage-plan proxy bench: ${requests} requests per phase, concurrency ${concurrency}, ` +
        `${availableParallelism()} cores, load ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}`,
    );
    for (const phase of [direct, publicRoute, privateRoute]) {
      console.log(
        `  ${phase.name.padEnd(22)} ${phase.rate.toFixed(0).padStart(7)} req/s  ` +
          `p50 ${phase.p50.toFixed(2)} ms  p99 ${phase.p99.toFixed(2)} ms  ` +
          `ratio to direct ${(phase.rate / direct.rate).toFixed(2)}`,
      );
    }
    const admitted = proxy.usage(KEY)?.requests.admitted ?? 0;
    console.log(`  private requests admitted and counted by the proxy (warm-up included): ${admitted}`);
    const overheadMs = 1000 / publicRoute.rate - 1000 / direct.rate;
    console.log(
      `  added CPU time per proxied request (one thread for all three): ${overheadMs.toFixed(3)} ms`,
    );
  } finally {
    agent.destroy();
    await proxy.stop();
    await new Promise<void>((resolve) => {
      upstream.close(() => resolve());
      upstream.closeAllConnections();
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
