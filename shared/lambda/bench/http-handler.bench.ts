/**
 * Overhead of `httpHandler` per invocation, against a bare async handler in the same process.
 *
 *   npm run bench -w @stratus/lambda        (or: npx tsx bench/http-handler.bench.ts)
 *
 * Each case runs sequentially (one invocation at a time, as Lambda does) for a fixed time per
 * round; the table shows the median of the rounds. Logging is at WARN so that the refusal case
 * measures the kit rather than the terminal, and tracing is off as it is outside Lambda.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { lambdaContext } from '../src/testing';
import type { BenchCase, Handler } from './http-handler.cases';

process.env.POWERTOOLS_SERVICE_NAME ??= 'bench';
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_CALLS = 2000;

const context = lambdaContext({
  functionName: 'bench',
  awsRequestId: 'bench-request',
  getRemainingTimeInMillis: () => 30_000,
});

const opsPerSecond = async (
  handler: Handler,
  event: APIGatewayProxyEvent,
  expectedStatus: number,
): Promise<number> => {
  const deadline = process.hrtime.bigint() + BigInt(ROUND_MS) * 1_000_000n;
  const started = process.hrtime.bigint();
  let calls = 0;
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < 100; i += 1) {
      const response = await handler(event, context);
      if (response.statusCode !== expectedStatus) throw new Error(`unexpected status ${response.statusCode}`);
    }
    calls += 100;
    now = process.hrtime.bigint();
  }
  return calls / (Number(now - started) / 1e9);
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const main = async (): Promise<void> => {
  // Bundle the cases as serverless-esbuild bundles a function (middy is ESM-only, so it cannot be
  // required from TypeScript run as CommonJS), then load the bundle.
  const outdir = mkdtempSync(path.join(tmpdir(), 'stratus-lambda-bench-'));
  const outfile = path.join(outdir, 'cases.cjs');
  let cases: BenchCase[];
  try {
    await build({
      entryPoints: [path.join(__dirname, 'http-handler.cases.ts')],
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      outfile,
      logLevel: 'warning',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(outfile) as { buildCases: (eventPath: string) => BenchCase[] };
    cases = bundle.buildCases(
      path.join(__dirname, '..', 'test', 'events', 'api-gateway-rest-post-order.json'),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }

  for (const { handler, event: input, status } of cases) {
    for (let i = 0; i < WARMUP_CALLS; i += 1) {
      const response = await handler(input, context);
      if (response.statusCode !== status)
        throw new Error(`warm-up: unexpected status ${response.statusCode}`);
    }
  }

  // Rounds interleave the cases so that drift on a shared machine hits them all alike.
  const samples = new Map<string, number[]>(cases.map(({ name }) => [name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const { name, handler, event: input, status } of cases) {
      samples.get(name)!.push(await opsPerSecond(handler, input, status));
    }
  }

  const baseline = median(samples.get('bare async function')!);
  console.log(
    `httpHandler overhead: Node ${process.version}, ${ROUNDS} rounds x ${ROUND_MS} ms per case, median\n`,
  );
  console.log(`${'case'.padEnd(28)}${'ops/s'.padStart(12)}${'µs/op'.padStart(10)}${'vs bare'.padStart(10)}`);
  for (const { name } of cases) {
    const ops = median(samples.get(name)!);
    console.log(
      `${name.padEnd(28)}${Math.round(ops).toLocaleString('en-US').padStart(12)}${(1e6 / ops).toFixed(2).padStart(10)}${`${(baseline / ops).toFixed(1)}x`.padStart(10)}`,
    );
  }
  const kitOps = median(samples.get('httpHandler, body + role')!);
  const validatedOps = median(samples.get('bare + JSON.parse + zod')!);
  console.log(
    `\nkit cost per request beyond its own validation work: ${(1e6 / kitOps - 1e6 / validatedOps).toFixed(2)} µs`,
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
