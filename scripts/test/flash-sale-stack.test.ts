import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { locateRunningStack, StackNotReadyError } from '../src/flash-sale/local-stack';

/** The endpoints file `npm start` writes, reduced to what the benchmark reads. */
function writeEndpoints(
  dataDir: string,
  services: Record<string, string>,
  /** null: written by an npm start from before the settings were recorded. */
  settings: object | null = { tablesInMemory: false, lambdaConcurrency: 4 },
): void {
  writeFileSync(
    path.join(dataDir, 'endpoints.json'),
    JSON.stringify({
      dataDir,
      ...(settings === null ? {} : { settings }),
      identity: { issuer: 'http://127.0.0.1:1', audience: 'stratus', jwksUrl: 'http://127.0.0.1:1/jwks' },
      emulators: {},
      services: Object.fromEntries(Object.entries(services).map(([name, url]) => [name, { name, url }])),
    }),
  );
}

async function serve(handler: (path: string) => number): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    response.writeHead(handler(request.url ?? '/'), { 'content-type': 'application/json' });
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A port that was free a moment ago: nothing answers there. */
async function closedUrl(): Promise<string> {
  const { url, server } = await serve(() => 200);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

describe('locateRunningStack', () => {
  let dataDir: string;
  const servers: Server[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'flash-sale-stack-'));
  });

  afterEach(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('says to run npm start when no stack wrote its endpoints', async () => {
    await expect(locateRunningStack(dataDir)).rejects.toThrow(StackNotReadyError);
    await expect(locateRunningStack(dataDir)).rejects.toThrow(
      /not running.*endpoints\.json does not exist[\s\S]*npm start/,
    );
  });

  it('says which service is missing from the running stack', async () => {
    const inventory = await serve(() => 404);
    servers.push(inventory.server);
    writeEndpoints(dataDir, { inventory: inventory.url });
    await expect(locateRunningStack(dataDir)).rejects.toThrow(/has no orders service \(it runs: inventory\)/);
  });

  it('says the stack stopped when its endpoints file names ports nobody listens on', async () => {
    writeEndpoints(dataDir, { orders: await closedUrl(), inventory: await closedUrl() });
    await expect(locateRunningStack(dataDir)).rejects.toThrow(
      /says orders is at .* but nothing answers there \(ECONNREFUSED\)/,
    );
  });

  it('refuses a stack whose orders service has no no-op GET /health', async () => {
    const orders = await serve(() => 404);
    const inventory = await serve(() => 404);
    servers.push(orders.server, inventory.server);
    writeEndpoints(dataDir, { orders: orders.url, inventory: inventory.url });
    await expect(locateRunningStack(dataDir)).rejects.toThrow(
      /answered 404, not 200: .*no public no-op GET \/health/,
    );
  });

  it('asks for a restart when an older npm start wrote the endpoints without its settings', async () => {
    writeEndpoints(dataDir, { orders: 'http://127.0.0.1:3001', inventory: 'http://127.0.0.1:3002' }, null);
    await expect(locateRunningStack(dataDir)).rejects.toThrow(/older npm start .* run npm start again/);
  });

  it('refuses addresses that are not on the loopback interface', async () => {
    writeEndpoints(dataDir, { orders: 'http://10.1.2.3:3001', inventory: 'http://127.0.0.1:3002' });
    await expect(locateRunningStack(dataDir)).rejects.toThrow(/only loads loopback addresses/);
  });

  it('finds a stack whose services answer', async () => {
    const orders = await serve((url) => (url === '/health' ? 200 : 404));
    const inventory = await serve(() => 404);
    servers.push(orders.server, inventory.server);
    writeEndpoints(dataDir, { orders: orders.url, inventory: inventory.url });
    const stack = await locateRunningStack(dataDir);
    expect(stack).toMatchObject({
      ordersUrl: orders.url,
      inventoryUrl: inventory.url,
      archiveFile: path.join(dataDir, 'eventbridge', 'archive.jsonl'),
    });
  });
});
