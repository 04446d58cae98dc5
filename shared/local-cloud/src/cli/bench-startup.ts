import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { StackMemory } from '../stack/memory';
import { formatBytes } from '../stack/memory';
import type { LocalCloudEndpoints } from '../stack/start-local-cloud';
import { discoverServices, findRepoRoot } from '../stack/discover-services';
import { runCli } from './local-cloud-address';

/**
 * `npm run bench:startup`: prints how long `npm start` takes from an installed checkout until every
 * service answers (fresh data directory, then a restart with data), how long a saved handler takes
 * to answer with its new code, and the stack's idle resident memory. Figures, not pass/fail.
 */
const TARGETS = { startupSeconds: 30, reloadSeconds: 5, idleRssBytes: 2 * 1024 ** 3 };
const IDLE_SECONDS = 20;

interface RunningStack {
  child: ChildProcess;
  endpoints: LocalCloudEndpoints;
  readySeconds: number;
  output: () => string;
  stop(): Promise<void>;
}

async function startStack(args: string[], dataDir: string): Promise<RunningStack> {
  const root = findRepoRoot();
  const tsx = require.resolve('tsx/cli', { paths: [root] });
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [tsx, '--expose-gc', path.join(__dirname, 'start.ts'), '--quiet', '--data-dir', dataDir, ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpointsFile = path.join(dataDir, 'endpoints.json');
  while (!existsSync(endpointsFile)) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (performance.now() - started > 300_000) throw new Error(`npm start not ready after 300 s:\n${output}`);
    await delay(50);
  }
  const readySeconds = (performance.now() - started) / 1000;
  const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as LocalCloudEndpoints;
  return {
    child,
    endpoints,
    readySeconds,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGINT');
      await Promise.race([exited, delay(30_000)]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
  };
}

async function measureReload(root: string, scratch: string): Promise<number[]> {
  // A copy of the fixture service under the repository (so its plugins and packages resolve),
  // edited while it runs: the committed fixture is never touched.
  const fixture = path.join(root, 'shared/local-cloud/test/fixtures/services/fixture-shop');
  const copy = path.join(root, '.local-cloud', 'bench', `fixture-shop-${process.pid}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(fixture, copy, { recursive: true, filter: (source) => !/\.esbuild|\.serverless/.test(source) });
  const dataDir = mkdtempSync(path.join(scratch, 'reload-'));
  const stack = await startStack(['--random-ports', '--fresh', '--service-dir', copy], dataDir);
  const url = `${stack.endpoints.services[path.basename(copy)]?.url}/hello`;
  const handler = path.join(copy, 'src/hello.ts');
  const original = readFileSync(handler, 'utf8');
  const samples: number[] = [];
  try {
    await (await fetch(url)).text();
    for (let round = 1; round <= 3; round++) {
      const text = `reloaded ${round} ${Date.now()}`;
      const saved = performance.now();
      writeFileSync(
        handler,
        original.replace(/export const GREETING = '[^']*';/, `export const GREETING = '${text}';`),
      );
      for (;;) {
        const body = await (await fetch(url)).text().catch(() => '');
        if (body === text) break;
        if (performance.now() - saved > 60_000)
          throw new Error(`the edit of ${handler} was not served within 60 s`);
        await delay(20);
      }
      samples.push((performance.now() - saved) / 1000);
      await delay(1_000);
    }
  } finally {
    await stack.stop();
    rmSync(copy, { recursive: true, force: true });
    if (readdirSync(path.dirname(copy)).length === 0)
      rmSync(path.dirname(copy), { recursive: true, force: true });
  }
  return samples;
}

runCli(async () => {
  const { values } = parseArgs({
    options: { services: { type: 'string' }, 'skip-reload': { type: 'boolean', default: false } },
  });
  const root = findRepoRoot();
  const serviceArgs = values.services ? ['--services', values.services] : [];
  const services = discoverServices(root, values.services?.split(','));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const lines: string[] = [];
  const report = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    report(
      `bench:startup on ${os.cpus().length} cores, services: ${services.map((service) => service.label).join(', ')}`,
    );
    const dataDir = path.join(scratch, 'data');
    const fresh = await startStack(['--random-ports', '--fresh', ...serviceArgs], dataDir);
    report(
      `  npm start, fresh data:      ${fresh.readySeconds.toFixed(1)} s  (target <= ${TARGETS.startupSeconds} s, ratio ${(fresh.readySeconds / TARGETS.startupSeconds).toFixed(2)})`,
    );
    await delay(IDLE_SECONDS * 1000);
    const stats = (await (await fetch(`${fresh.endpoints.admin}/_local/stats`)).json()) as StackMemory;
    const offline = stats.processes.filter(
      (entry) => entry.command.includes('offline-preload.cjs') && !entry.command.startsWith('/bin/sh'),
    );
    report(
      `  idle RSS after ${IDLE_SECONDS} s:       ${formatBytes(stats.totalRssBytes)} in ${stats.processes.length} processes (target <= ${formatBytes(TARGETS.idleRssBytes)}, ratio ${(stats.totalRssBytes / TARGETS.idleRssBytes).toFixed(2)})`,
    );
    for (const entry of [...stats.processes].sort((a, b) => b.rssBytes - a.rssBytes).slice(0, 8)) {
      report(
        `      ${formatBytes(entry.rssBytes).padStart(8)}  ${entry.command.replace(/\s+/g, ' ').slice(0, 100)}`,
      );
    }
    if (offline.length > 0) {
      const perService = offline.reduce((sum, entry) => sum + entry.rssBytes, 0) / offline.length;
      report(`      per serverless-offline process: ${formatBytes(perService)} on average`);
    }
    await fresh.stop();
    const warm = await startStack(['--random-ports', ...serviceArgs], dataDir);
    report(`  npm start, existing data:   ${warm.readySeconds.toFixed(1)} s`);
    await warm.stop();
    if (!values['skip-reload']) {
      const samples = await measureReload(root, scratch);
      const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
      report(
        `  hot reload (save -> served): median ${median.toFixed(2)} s of ${samples.map((sample) => sample.toFixed(2)).join(', ')} s (target <= ${TARGETS.reloadSeconds} s, ratio ${(median / TARGETS.reloadSeconds).toFixed(2)})`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
