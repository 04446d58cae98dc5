import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RunningEmulator } from '../running-emulator';
import { AwsServiceError, createAwsJsonServer, input } from '../support/aws-json-server';
import type { AwsJsonOperation } from '../support/aws-json-server';
import { readJsonState, writeJsonState } from '../support/json-state-file';
import { LOCAL_HOST, closeServer, listenOn } from '../support/ports';
import { ParameterStore } from './parameter-store';
import type { ParameterType, ParameterVersion } from './parameter-store';
import { SecretStore } from './secret-store';
import type { StoredSecret } from './secret-store';
import { normalizeSeed, readSeedFile } from './seed';
import type { SeedDocument } from './seed';

export interface SsmSecretsEmulatorOptions {
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keeps parameters and secrets (`ssm-secrets.json`) across restarts. */
  dataDir?: string;
  /** Seed values, applied at start. */
  seed?: SeedDocument;
  /** A JSON seed file (e.g. `.local-cloud/secrets.json`), applied after `seed`. */
  seedFile?: string;
}

export interface SeedReport {
  parametersWritten: string[];
  secretsWritten: string[];
}

/**
 * One server answering both SSM Parameter Store (AmazonSSM.*) and Secrets Manager
 * (secretsmanager.*): point AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER at `endpoint`.
 */
export interface RunningSsmSecrets extends RunningEmulator {
  name: 'ssm-secretsmanager';
  parameters: ParameterStore;
  secrets: SecretStore;
  /** Applies a seed: creates what is missing, writes a new version where the value changed. */
  applySeed(document: SeedDocument): SeedReport;
  /** What the seeds applied at start changed. */
  startupSeed: SeedReport;
}

const EMULATOR_NAME = 'ssm-secretsmanager';
const STATE_FILE = 'ssm-secrets.json';

interface PersistedState {
  parameters: Record<string, ParameterVersion[]>;
  secrets: Record<string, StoredSecret>;
}

export async function startSsmSecrets(options: SsmSecretsEmulatorOptions = {}): Promise<RunningSsmSecrets> {
  if (options.host !== undefined && options.host !== LOCAL_HOST) {
    throw new Error(`ssm-secretsmanager: only ${LOCAL_HOST} is supported as host`);
  }
  const parameters = new ParameterStore();
  const secrets = new SecretStore();
  const stateFile =
    options.dataDir === undefined ? undefined : path.join(path.resolve(options.dataDir), STATE_FILE);
  if (stateFile !== undefined) {
    mkdirSync(path.dirname(stateFile), { recursive: true });
    const state = readJsonState<PersistedState>(stateFile, 'ssm-secretsmanager');
    if (state !== undefined) {
      parameters.restore(state.parameters);
      secrets.restore(state.secrets);
    }
  }
  const persist = () => {
    if (stateFile === undefined) return;
    const state: PersistedState = { parameters: parameters.snapshot(), secrets: secrets.snapshot() };
    writeJsonState(stateFile, state, 2);
  };
  const mutating =
    <T>(operation: (request: Record<string, unknown>) => T): AwsJsonOperation =>
    (request) => {
      const result = operation(request);
      persist();
      return result;
    };

  const applySeed = (document: SeedDocument, source?: string): SeedReport => {
    const seed = normalizeSeed(document, source);
    const report: SeedReport = { parametersWritten: [], secretsWritten: [] };
    for (const parameter of seed.parameters) {
      const current = parameters.current(parameter.name);
      if (current !== undefined && current.value === parameter.value && current.type === parameter.type)
        continue;
      parameters.putParameter({ ...parameter, overwrite: true });
      report.parametersWritten.push(parameter.name);
    }
    for (const secret of seed.secrets) {
      if (!secrets.has(secret.name)) {
        secrets.createSecret(secret.name, { secretString: secret.secretString });
      } else if (secrets.current(secret.name)?.secretString !== secret.secretString) {
        secrets.putSecretValue(secret.name, { secretString: secret.secretString });
      } else {
        continue;
      }
      report.secretsWritten.push(secret.name);
    }
    persist();
    return report;
  };

  const startupSeed: SeedReport = { parametersWritten: [], secretsWritten: [] };
  const seeds: [SeedDocument, string][] = [];
  if (options.seed !== undefined) seeds.push([options.seed, 'seed option']);
  if (options.seedFile !== undefined) seeds.push([readSeedFile(options.seedFile), options.seedFile]);
  for (const [document, source] of seeds) {
    const report = applySeed(document, source);
    startupSeed.parametersWritten.push(...report.parametersWritten);
    startupSeed.secretsWritten.push(...report.secretsWritten);
  }

  const server = createAwsJsonServer({
    jsonVersion: '1.1',
    onInternalError: (error, target) => console.error(`ssm-secretsmanager: ${target} failed`, error),
    operations: {
      'AmazonSSM.GetParameter': (request) => ({
        Parameter: parameters.getParameter(
          input.string(request.Name, 'name'),
          input.optionalBoolean(request.WithDecryption, 'withDecryption'),
        ),
      }),
      'AmazonSSM.GetParameters': (request) =>
        parameters.getParameters(
          input.stringList(request.Names, 'names'),
          input.optionalBoolean(request.WithDecryption, 'withDecryption'),
        ),
      'AmazonSSM.GetParametersByPath': (request) => {
        if (request.ParameterFilters !== undefined) {
          throw new AwsServiceError(
            'ValidationException',
            'ParameterFilters are not supported by the local emulator',
          );
        }
        const maxResults = input.optionalNumber(request.MaxResults, 'maxResults');
        const nextToken = input.optionalString(request.NextToken, 'nextToken');
        return parameters.getParametersByPath({
          path: input.string(request.Path, 'path'),
          recursive: input.optionalBoolean(request.Recursive, 'recursive') ?? false,
          withDecryption: input.optionalBoolean(request.WithDecryption, 'withDecryption') ?? false,
          ...(maxResults === undefined ? {} : { maxResults }),
          ...(nextToken === undefined ? {} : { nextToken }),
        });
      },
      'AmazonSSM.PutParameter': mutating((request) => {
        const description = input.optionalString(request.Description, 'description');
        const dataType = input.optionalString(request.DataType, 'dataType');
        const type = input.optionalString(request.Type, 'type');
        return parameters.putParameter({
          name: input.string(request.Name, 'name'),
          value: input.string(request.Value, 'value'),
          overwrite: input.optionalBoolean(request.Overwrite, 'overwrite') ?? false,
          ...(type === undefined ? {} : { type: type as ParameterType }),
          ...(description === undefined ? {} : { description }),
          ...(dataType === undefined ? {} : { dataType }),
        });
      }),
      'AmazonSSM.DeleteParameter': mutating((request) => {
        parameters.deleteParameter(input.string(request.Name, 'name'));
        return {};
      }),
      'secretsmanager.GetSecretValue': (request) =>
        secrets.getSecretValue(
          input.string(request.SecretId, 'secretId'),
          input.optionalString(request.VersionId, 'versionId'),
          input.optionalString(request.VersionStage, 'versionStage'),
        ),
      'secretsmanager.DescribeSecret': (request) =>
        secrets.describeSecret(input.string(request.SecretId, 'secretId')),
      'secretsmanager.CreateSecret': mutating((request) =>
        secrets.createSecret(
          input.string(request.Name, 'name'),
          secretValue(request),
          input.optionalString(request.Description, 'description'),
        ),
      ),
      'secretsmanager.PutSecretValue': mutating((request) =>
        secrets.putSecretValue(input.string(request.SecretId, 'secretId'), secretValue(request)),
      ),
    },
  });
  const port = await listenOn(server, EMULATOR_NAME, options.port ?? 0);
  return {
    name: EMULATOR_NAME,
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    parameters,
    secrets,
    startupSeed,
    applySeed: (document) => applySeed(document),
    stop: () => closeServer(server),
  };
}

function secretValue(request: Record<string, unknown>) {
  const secretString = input.optionalString(request.SecretString, 'secretString');
  const secretBinary = input.optionalString(request.SecretBinary, 'secretBinary');
  const clientRequestToken = input.optionalString(request.ClientRequestToken, 'clientRequestToken');
  return {
    ...(secretString === undefined ? {} : { secretString }),
    ...(secretBinary === undefined ? {} : { secretBinary }),
    ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
  };
}
