import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../../src/emulators/support/local-client-config';
import { startLocalCloud } from '../../src/stack/start-local-cloud';
import type { LocalCloud } from '../../src/stack/start-local-cloud';

jest.setTimeout(240_000);

const fixtureStock = path.resolve(__dirname, '../fixtures/services/fixture-stock');
const THINGS_TABLE = 'fixture-stock-local-ThingsTable';

describe('npm start --in-memory', () => {
  let dataDir: string;
  let cloud: LocalCloud | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'local-cloud-in-memory-'));
  });

  afterAll(async () => {
    await cloud?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () =>
    startLocalCloud({ serviceDirs: [fixtureStock], ports: 'random', dataDir, tablesInMemory: true });
  const thing = async (client: DynamoDBClient, id: string) =>
    (await client.send(new GetItemCommand({ TableName: THINGS_TABLE, Key: { pk: { S: `thing#${id}` } } })))
      .Item;

  it('keeps no table on disk, starts empty every time and seeds the tables again', async () => {
    cloud = await start();
    expect(cloud.endpoints.settings).toEqual({ tablesInMemory: true, lambdaConcurrency: 4 });
    let client = new DynamoDBClient(localClientConfig(cloud.endpoints.emulators.dynamodb as string));
    expect((await thing(client, 'seeded'))?.name).toEqual({ S: 'seeded widget' });
    await client.send(new PutItemCommand({ TableName: THINGS_TABLE, Item: { pk: { S: 'thing#added' } } }));
    expect(await thing(client, 'added')).toBeDefined();
    client.destroy();
    await cloud.stop();
    cloud = undefined;
    expect(existsSync(path.join(dataDir, 'dynamodb'))).toBe(false);

    cloud = await start();
    client = new DynamoDBClient(localClientConfig(cloud.endpoints.emulators.dynamodb as string));
    expect(await thing(client, 'added')).toBeUndefined();
    expect((await thing(client, 'seeded'))?.name).toEqual({ S: 'seeded widget' });
    client.destroy();
  });
});
