import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { startSsmSecrets } from '../../../src/emulators/ssm-secrets';
import type { RunningSsmSecrets, SeedDocument } from '../../../src/emulators/ssm-secrets';
import { localClientConfig } from '../../../src/emulators/support/local-client-config';
import { PortInUseError } from '../../../src/emulators/support/ports';

jest.setTimeout(30_000);

const seed: SeedDocument = {
  parameters: {
    '/stratus/local/orders/table': 'stratus-local-orders',
    '/stratus/local/skus': ['A-1', 'B-2'],
    '/stratus/local/payment/webhook-key': { value: 'whsec_local', type: 'SecureString' },
  },
  secrets: { 'stratus/local/payment': { apiKey: 'sk_test_local' } },
};

describe('SSM Parameter Store and Secrets Manager emulator', () => {
  let dataDir: string;
  let emulator: RunningSsmSecrets;
  let ssm: SSMClient;
  let secrets: SecretsManagerClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ssm-secrets-'));
    const seedFile = path.join(dataDir, 'secrets.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    emulator = await startSsmSecrets({ port: 0, dataDir, seedFile });
    ssm = new SSMClient(localClientConfig(emulator.endpoint));
    secrets = new SecretsManagerClient(localClientConfig(emulator.endpoint));
  });
  afterAll(async () => {
    ssm.destroy();
    secrets.destroy();
    await emulator.stop();
  });

  it('is seeded from the local file', () => {
    expect(emulator.startupSeed).toEqual({
      parametersWritten: [
        '/stratus/local/orders/table',
        '/stratus/local/skus',
        '/stratus/local/payment/webhook-key',
      ],
      secretsWritten: ['stratus/local/payment'],
    });
  });

  it('answers GetParameter, GetParameters and GetParametersByPath through the SDK', async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/stratus/local/skus' }));
    expect(Parameter).toMatchObject({
      Name: '/stratus/local/skus',
      Type: 'StringList',
      Value: 'A-1,B-2',
      Version: 1,
    });
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date);

    const secure = await ssm.send(new GetParameterCommand({ Name: '/stratus/local/payment/webhook-key' }));
    expect(secure.Parameter?.Value).not.toBe('whsec_local');
    const decrypted = await ssm.send(
      new GetParameterCommand({ Name: '/stratus/local/payment/webhook-key', WithDecryption: true }),
    );
    expect(decrypted.Parameter?.Value).toBe('whsec_local');

    const many = await ssm.send(
      new GetParametersCommand({ Names: ['/stratus/local/orders/table', '/stratus/local/nope'] }),
    );
    expect(many.Parameters?.map((parameter) => parameter.Value)).toEqual(['stratus-local-orders']);
    expect(many.InvalidParameters).toEqual(['/stratus/local/nope']);

    const shallow = await ssm.send(new GetParametersByPathCommand({ Path: '/stratus/local' }));
    expect(shallow.Parameters?.map((parameter) => parameter.Name)).toEqual(['/stratus/local/skus']);
    const deep = await ssm.send(
      new GetParametersByPathCommand({ Path: '/stratus/local', Recursive: true, MaxResults: 2 }),
    );
    expect(deep.Parameters).toHaveLength(2);
    expect(deep.NextToken).toBeDefined();
  });

  it('fails like AWS: ParameterNotFound, ParameterAlreadyExists, ResourceNotFoundException, ResourceExistsException', async () => {
    await expect(
      ssm.send(new GetParameterCommand({ Name: '/stratus/local/missing' })),
    ).rejects.toBeInstanceOf(ParameterNotFound);
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/stratus/local/skus', Value: 'x', Type: 'String' })),
    ).rejects.toBeInstanceOf(ParameterAlreadyExists);
    await expect(
      secrets.send(new GetSecretValueCommand({ SecretId: 'stratus/local/missing' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      secrets.send(new CreateSecretCommand({ Name: 'stratus/local/payment', SecretString: '{}' })),
    ).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('writes parameters and secret versions through the SDK and keeps them in dataDir across restarts', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/stratus/local/flag', Value: 'on', Type: 'String' }));
    await secrets.send(
      new CreateSecretCommand({ Name: 'stratus/local/binary', SecretBinary: Buffer.from([1, 2, 3]) }),
    );
    await secrets.send(
      new PutSecretValueCommand({ SecretId: 'stratus/local/payment', SecretString: '{"apiKey":"rotated"}' }),
    );

    const restarted = await startSsmSecrets({ port: 0, dataDir, seed });
    try {
      expect(restarted.startupSeed.secretsWritten).toEqual(['stratus/local/payment']);
      const client = new SSMClient(localClientConfig(restarted.endpoint));
      const secretsClient = new SecretsManagerClient(localClientConfig(restarted.endpoint));
      expect(
        (await client.send(new GetParameterCommand({ Name: '/stratus/local/flag' }))).Parameter?.Value,
      ).toBe('on');
      const binary = await secretsClient.send(
        new GetSecretValueCommand({ SecretId: 'stratus/local/binary' }),
      );
      expect(Buffer.from(binary.SecretBinary as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
      // The seed file wins over the rotated value at start: it is the developer's source of truth.
      const payment = await secretsClient.send(
        new GetSecretValueCommand({ SecretId: 'stratus/local/payment' }),
      );
      expect(payment.SecretString).toBe('{"apiKey":"sk_test_local"}');
      const previous = await secretsClient.send(
        new GetSecretValueCommand({ SecretId: 'stratus/local/payment', VersionStage: 'AWSPREVIOUS' }),
      );
      expect(previous.SecretString).toBe('{"apiKey":"rotated"}');
      client.destroy();
      secretsClient.destroy();
    } finally {
      await restarted.stop();
    }
  });

  it('serves a handler that reads parameters and secrets through Powertools exactly as on AWS', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SSM: emulator.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    try {
      // A fresh module registry: Powertools creates its SDK clients on first use, from this environment.
      let handler: (() => Promise<unknown>) | undefined;
      await jest.isolateModulesAsync(async () => {
        ({ handler } = await import('../fixtures/read-config-handler'));
      });
      const result = await (handler as () => Promise<unknown>)();
      expect(result).toEqual({
        tableName: 'stratus-local-orders',
        webhookKey: 'whsec_local',
        // Powertools keys getParameters results by the name relative to the path.
        byPath: {
          'orders/table': 'stratus-local-orders',
          skus: 'A-1,B-2',
          'payment/webhook-key': 'whsec_local',
          flag: 'on',
        },
        byName: { '/stratus/local/orders/table': 'stratus-local-orders', '/stratus/local/skus': 'A-1,B-2' },
        // The current version: rotated through PutSecretValue earlier in this suite.
        payment: { apiKey: 'rotated' },
      });
    } finally {
      process.env = saved;
    }
  });

  it('names the emulator and the port when the port is taken', async () => {
    const failure = startSsmSecrets({ port: emulator.port });
    await expect(failure).rejects.toThrow(PortInUseError);
    await expect(failure).rejects.toThrow(`ssm-secretsmanager: port ${emulator.port} is already in use`);
  });

  it('reports a broken seed file by name', async () => {
    const bad = path.join(dataDir, 'bad.json');
    writeFileSync(bad, '{"parameters": {"/x": 1}}');
    await expect(startSsmSecrets({ seedFile: bad })).rejects.toThrow(`${bad}: parameter /x must be`);
  });
});
