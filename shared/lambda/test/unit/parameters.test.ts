import { ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { z } from 'zod';
import { ConfigurationError, createParameterStore } from '../../src';
import { answerCalls } from '../support/sdk-double';

const clientConfig = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

const secretsManager = (secrets: Record<string, { SecretString?: string; SecretBinary?: Uint8Array }>) => {
  const client = new SecretsManagerClient(clientConfig);
  const calls = answerCalls(client, (_command, input) => {
    const secret = secrets[String(input.SecretId)];
    if (!secret) throw new ResourceNotFoundException({ message: 'not found', $metadata: {} });
    return { ...secret };
  });
  return { client, calls };
};

describe('parameter store', () => {
  it('reads a secret once and serves it from cache within maxAge', async () => {
    const { client, calls } = secretsManager({ 'stratus/dev/payment': { SecretString: 'api-key-1' } });
    const store = createParameterStore({ secretsManager: client });
    expect(await store.getSecret('stratus/dev/payment')).toBe('api-key-1');
    expect(await store.getSecret('stratus/dev/payment')).toBe('api-key-1');
    expect(calls).toHaveLength(1);
    await store.getSecret('stratus/dev/payment', { forceFetch: true });
    expect(calls).toHaveLength(2);
  });

  it('reads again when maxAge is 0', async () => {
    const { client, calls } = secretsManager({ s: { SecretString: 'v' } });
    const store = createParameterStore({ secretsManager: client });
    await store.getSecret('s', { maxAge: 0 });
    await store.getSecret('s', { maxAge: 0 });
    expect(calls).toHaveLength(2);
  });

  it('decodes binary secrets as UTF-8', async () => {
    const { client } = secretsManager({ bin: { SecretBinary: new TextEncoder().encode('from-bytes') } });
    expect(await createParameterStore({ secretsManager: client }).getSecret('bin')).toBe('from-bytes');
  });

  it('throws for a secret that does not exist', async () => {
    const { client } = secretsManager({});
    await expect(createParameterStore({ secretsManager: client }).getSecret('missing')).rejects.toThrow(
      /missing/,
    );
  });

  it('parses and validates JSON secrets without echoing their content in errors', async () => {
    const { client } = secretsManager({
      good: { SecretString: '{"apiKey":"k-1","endpoint":"https://pay.example.com"}' },
      wrong: { SecretString: '{"apiKey":"super-secret-value"}' },
      text: { SecretString: 'plain super-secret-value' },
    });
    const store = createParameterStore({ secretsManager: client });
    const Schema = z.strictObject({ apiKey: z.string(), endpoint: z.url() });
    expect(await store.getSecretJson('good', Schema)).toEqual({
      apiKey: 'k-1',
      endpoint: 'https://pay.example.com',
    });
    const shapeError = await store.getSecretJson('wrong', Schema).catch((error: unknown) => error);
    expect(shapeError).toBeInstanceOf(ConfigurationError);
    expect(String(shapeError)).toContain('endpoint');
    expect(String(shapeError)).not.toContain('super-secret-value');
    const jsonError = await store.getSecretJson('text', Schema).catch((error: unknown) => error);
    expect(jsonError).toBeInstanceOf(ConfigurationError);
    expect(String(jsonError)).not.toContain('super-secret-value');
  });

  it('reads SSM parameters decrypted, cached, and throws when missing', async () => {
    const client = new SSMClient(clientConfig);
    const calls = answerCalls(client, (_command, input) => {
      if (input.Name !== '/stratus/dev/payment/declines')
        throw new ParameterNotFound({ message: 'nope', $metadata: {} });
      return { Parameter: { Name: input.Name, Value: '0.1', Type: 'String' } };
    });
    const store = createParameterStore({ ssm: client });
    expect(await store.getParameter('/stratus/dev/payment/declines')).toBe('0.1');
    expect(await store.getParameter('/stratus/dev/payment/declines')).toBe('0.1');
    expect(calls).toEqual([
      {
        command: 'GetParameterCommand',
        input: { Name: '/stratus/dev/payment/declines', WithDecryption: true },
      },
    ]);
    await expect(store.getParameter('/stratus/dev/other')).rejects.toThrow();
  });
});
