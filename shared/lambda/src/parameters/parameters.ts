import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { output, ZodType } from 'zod';
import { ConfigurationError } from '../configuration-error';
import { captureAwsClient } from '../observability/tracer';

/** Values are cached in the execution environment for this long unless a call says otherwise. */
export const DEFAULT_PARAMETER_MAX_AGE_SECONDS = 300;

export interface ParameterReadOptions {
  /** Seconds a fetched value is reused before it is read again. Default 300. */
  maxAge?: number;
  /** Ignore the cache (e.g. after a credential was rejected, to pick up a rotation). */
  forceFetch?: boolean;
}

export interface ParameterStoreClients {
  ssm?: SSMClient;
  secretsManager?: SecretsManagerClient;
}

export interface ParameterStore {
  /** An SSM parameter (SecureString decrypted). Throws when it does not exist. */
  getParameter(name: string, options?: ParameterReadOptions): Promise<string>;
  /** A Secrets Manager secret as text (binary secrets decoded as UTF-8). Throws when it does not exist. */
  getSecret(name: string, options?: ParameterReadOptions): Promise<string>;
  /** A JSON secret, parsed and validated; the error names the secret, never its content. */
  getSecretJson<TSchema extends ZodType>(
    name: string,
    schema: TSchema,
    options?: ParameterReadOptions,
  ): Promise<output<TSchema>>;
}

const readOptions = (options: ParameterReadOptions = {}) => ({
  maxAge: options.maxAge ?? DEFAULT_PARAMETER_MAX_AGE_SECONDS,
  forceFetch: options.forceFetch ?? false,
  throwOnMissing: true as const,
});

/**
 * Configuration and secrets through Powertools Parameters, cached per execution environment.
 * Functions receive the *name* of a secret in an environment variable (`PAYMENT_SECRET_NAME`)
 * and read the value here; the value itself never sits in the environment, where it would show
 * in the console, in CloudFormation and in every crash dump. Clients follow
 * AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL_SECRETS_MANAGER, so the local emulators work unchanged.
 */
export const createParameterStore = (clients: ParameterStoreClients = {}): ParameterStore => {
  let ssm: SSMProvider | undefined;
  let secrets: SecretsProvider | undefined;
  const ssmProvider = () =>
    (ssm ??= new SSMProvider({ awsSdkV3Client: clients.ssm ?? captureAwsClient(new SSMClient({})) }));
  const secretsProvider = () =>
    (secrets ??= new SecretsProvider({
      awsSdkV3Client: clients.secretsManager ?? captureAwsClient(new SecretsManagerClient({})),
    }));

  const getSecret = async (name: string, options?: ParameterReadOptions): Promise<string> => {
    const value: string | Uint8Array = await secretsProvider().get(name, readOptions(options));
    return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
  };

  return {
    getParameter: async (name, options) =>
      ssmProvider().get(name, { ...readOptions(options), decrypt: true }),
    getSecret,
    getSecretJson: async (name, schema, options) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await getSecret(name, options));
      } catch (error) {
        if (error instanceof SyntaxError) throw new ConfigurationError(`Secret ${name} is not valid JSON`);
        throw error;
      }
      const result = schema.safeParse(parsed);
      if (!result.success) {
        const paths = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
        throw new ConfigurationError(`Secret ${name} does not have the expected shape (check: ${paths})`);
      }
      return result.data;
    },
  };
};

let defaultStore: ParameterStore | undefined;
const store = () => (defaultStore ??= createParameterStore());

/** See {@link ParameterStore.getParameter}; uses the function's shared, cached store. */
export const getParameter = (name: string, options?: ParameterReadOptions) =>
  store().getParameter(name, options);
/** See {@link ParameterStore.getSecret}; uses the function's shared, cached store. */
export const getSecret = (name: string, options?: ParameterReadOptions) => store().getSecret(name, options);
/** See {@link ParameterStore.getSecretJson}; uses the function's shared, cached store. */
export const getSecretJson = <TSchema extends ZodType>(
  name: string,
  schema: TSchema,
  options?: ParameterReadOptions,
) => store().getSecretJson(name, schema, options);
