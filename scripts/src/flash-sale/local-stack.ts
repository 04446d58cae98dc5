import path from 'node:path';
import { defaultDataDir, runningEndpoints } from '@stratus/local-cloud/src/cli/local-cloud-address';
import type { LocalCloudEndpoints } from '@stratus/local-cloud/src/stack/start-local-cloud';

/** The benchmark cannot run: the message says what to do about it. */
export class StackNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackNotReadyError';
  }
}

export interface FlashSaleStack {
  endpoints: LocalCloudEndpoints;
  ordersUrl: string;
  inventoryUrl: string;
  dataDir: string;
  /** The local bus's archive: every event it accepted. */
  archiveFile: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The stack `npm start` runs, from the endpoints file it writes (`.local-cloud/endpoints.json`,
 * or STRATUS_LOCAL_CLOUD_DATA_DIR / --data-dir). Checks that orders and inventory are part of it,
 * that their URLs are on the loopback interface, and that they answer.
 */
export async function locateRunningStack(dataDir: string = defaultDataDir()): Promise<FlashSaleStack> {
  const endpointsFile = path.join(dataDir, 'endpoints.json');
  const endpoints = runningEndpoints(dataDir);
  if (!endpoints) {
    throw new StackNotReadyError(
      `the local stack is not running: ${endpointsFile} does not exist.\n` +
        '  Start it in another terminal with `npm start`, wait for its start-up table, then run `npm run bench:flash-sale` again.\n' +
        '  (A stack started with --data-dir <dir>: pass the same --data-dir here.)',
    );
  }
  if (endpoints.settings === undefined) {
    throw new StackNotReadyError(
      `${endpointsFile} was written by an older npm start that records neither its settings nor CPU times: stop it and run npm start again`,
    );
  }
  const urlOf = (service: 'orders' | 'inventory') => {
    const url = endpoints.services[service]?.url;
    if (!url) {
      throw new StackNotReadyError(
        `the running local stack has no ${service} service (it runs: ${Object.keys(endpoints.services).join(', ') || 'none'}).\n` +
          `  Restart it with every service (\`npm start\`), or with \`npm start -- --services orders,inventory\`.` +
          (service === 'orders'
            ? '\n  If services/orders has no serverless.yml yet, the orders handlers are not built yet.'
            : ''),
      );
    }
    const host = new URL(url).hostname;
    if (!LOOPBACK.has(host))
      throw new StackNotReadyError(`${service} is at ${url}: the benchmark only loads loopback addresses`);
    return url;
  };
  const stack: FlashSaleStack = {
    endpoints,
    ordersUrl: urlOf('orders'),
    inventoryUrl: urlOf('inventory'),
    dataDir,
    archiveFile: path.join(endpoints.dataDir, 'eventbridge', 'archive.jsonl'),
  };
  await expectAnswer('orders', `${stack.ordersUrl}/health`, endpointsFile);
  await expectAnswer('inventory', `${stack.inventoryUrl}/inventory/PROBE-0`, endpointsFile);
  return stack;
}

async function expectAnswer(service: string, url: string, endpointsFile: string): Promise<void> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    if (service === 'orders' && response.status !== 200) {
      throw new StackNotReadyError(
        `GET ${url} answered ${response.status}, not 200: the orders service has no public no-op GET /health, which the benchmark uses as its baseline`,
      );
    }
  } catch (error) {
    if (error instanceof StackNotReadyError) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new StackNotReadyError(
      `${endpointsFile} says ${service} is at ${new URL(url).origin}, but nothing answers there (${cause}).\n` +
        '  The stack has stopped (or is still starting): start it with `npm start` and wait for its start-up table.',
    );
  }
}
