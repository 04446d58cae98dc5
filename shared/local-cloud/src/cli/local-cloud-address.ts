import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalCloudEndpoints } from '../stack/start-local-cloud';
import { INFRASTRUCTURE_PORTS } from '../stack/ports';
import { findRepoRoot } from '../stack/discover-services';

/** `.local-cloud` at the repository root, or STRATUS_LOCAL_CLOUD_DATA_DIR. */
export function defaultDataDir(): string {
  return path.resolve(process.env.STRATUS_LOCAL_CLOUD_DATA_DIR ?? path.join(findRepoRoot(), '.local-cloud'));
}

/** The endpoints a running `npm start` wrote; undefined when none is running. */
export function runningEndpoints(dataDir: string = defaultDataDir()): LocalCloudEndpoints | undefined {
  const file = path.join(dataDir, 'endpoints.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LocalCloudEndpoints;
}

export function requireRunning(dataDir: string = defaultDataDir()): LocalCloudEndpoints {
  const endpoints = runningEndpoints(dataDir);
  if (!endpoints) {
    throw new Error(
      `the local cloud is not running (no ${path.join(dataDir, 'endpoints.json')}); start it with \`npm start\``,
    );
  }
  return endpoints;
}

/** The issuer a token must name: the running stack's, else the one `npm start` uses on its default port. */
export function issuerUrl(dataDir: string = defaultDataDir()): string {
  const running = runningEndpoints(dataDir);
  if (running) return running.identity.issuer;
  const port = Number(process.env.STRATUS_PORT_IDENTITY ?? INFRASTRUCTURE_PORTS.identity);
  return `http://127.0.0.1:${port}`;
}

export async function postJson(url: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(`could not reach ${url} (${(error as Error).message}); is \`npm start\` running?`);
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const message =
      (parsed as { error?: string; message?: string } | undefined)?.error ??
      (parsed as { message?: string } | undefined)?.message ??
      text;
    throw new Error(`${url} answered ${response.status}: ${message}`);
  }
  return parsed;
}

/** Runs a CLI entry point: errors print as one message and exit 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
