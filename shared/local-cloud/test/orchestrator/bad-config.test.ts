import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { LocalCloudConfigErrors } from '../../src/config/config-error';
import { PortInUseError, findFreePort } from '../../src/emulators/support/ports';
import { INFRASTRUCTURE_PORTS } from '../../src/stack/ports';
import type { InfrastructurePort, PortOverrides } from '../../src/stack/ports';
import { stackMemory } from '../../src/stack/memory';
import { startLocalCloud } from '../../src/stack/start-local-cloud';

jest.setTimeout(180_000);

const invalid = path.resolve(__dirname, '../fixtures/invalid-services');

describe('npm start with bad configuration', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'local-cloud-bad-config-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops with one message per problem naming the service, the file and the problem, and leaves no process behind', async () => {
    const before = new Set(stackMemory().processes.map((entry) => entry.pid));
    const failure = await startLocalCloud({
      rootDir: path.resolve(__dirname, '../../../..'),
      serviceDirs: ['unknown-target', 'bad-pattern', 'missing-handler'].map((name) =>
        path.join(invalid, name),
      ),
      ports: 'random',
      dataDir,
      log: () => undefined,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LocalCloudConfigErrors);
    const messages = (failure as LocalCloudConfigErrors).errors.map((error) => error.message).sort();
    expect(messages).toEqual([
      expect.stringMatching(
        /^\[invalid-bad-pattern\] .*invalid-services\/bad-pattern\/serverless\.yml: functions\.consume\.events\[0\]\.eventBridge\.pattern: malformed event pattern: .+/,
      ),
      expect.stringMatching(
        /^\[invalid-bad-pattern\] .*invalid-services\/bad-pattern\/serverless\.yml: functions\.onDevice\.events\[0\]\.iot\.sql: .+/,
      ),
      expect.stringMatching(
        /^\[invalid-missing-handler\] .*invalid-services\/missing-handler\/src\/handlers\/gone\.ts: handler file of function 'gone' not found \(functions\.gone\.handler is 'src\/handlers\/gone\.handler'/,
      ),
      expect.stringMatching(
        /^\[invalid-unknown-target\] .*invalid-services\/unknown-target\/serverless\.yml: resources\.Resources\.AlertsRule\.Properties\.Targets\[0\]: unknown target "arn:aws:sns:us-east-1:000000000000:alerts"/,
      ),
    ]);
    // Every serverless-offline process and the JVM started for the attempt are gone.
    const deadline = Date.now() + 5_000;
    let leftovers = stackMemory().processes.filter((entry) => !before.has(entry.pid));
    while (leftovers.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      leftovers = stackMemory().processes.filter((entry) => !before.has(entry.pid));
    }
    expect(leftovers.map((entry) => entry.command)).toEqual([]);
  });

  it('reports a port that is already taken with its number, before starting anything', async () => {
    // Free ports for everything, then something else takes the one DynamoDB would use.
    const overrides: PortOverrides = { services: { 'fixture-shop': await findFreePort() } };
    for (const name of Object.keys(INFRASTRUCTURE_PORTS) as InfrastructurePort[])
      overrides[name] = await findFreePort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(overrides.dynamodb, '127.0.0.1', resolve));
    try {
      const failure = await startLocalCloud({
        rootDir: path.resolve(__dirname, '../../../..'),
        serviceDirs: [path.resolve(__dirname, '../fixtures/services/fixture-shop')],
        ports: overrides,
        dataDir,
        log: () => undefined,
      }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PortInUseError);
      expect((failure as PortInUseError).port).toBe(overrides.dynamodb);
      expect((failure as Error).message).toContain(`port ${overrides.dynamodb} is already in use`);
    } finally {
      holder.close();
    }
  });
});
