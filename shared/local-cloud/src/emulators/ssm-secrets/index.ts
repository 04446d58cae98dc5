export { startSsmSecrets } from './start-ssm-secrets';
export type { RunningSsmSecrets, SsmSecretsEmulatorOptions, SeedReport } from './start-ssm-secrets';
export { ParameterStore, assertParameterName } from './parameter-store';
export type { ParameterType, ParameterOutput, ParameterVersion, PutParameterInput } from './parameter-store';
export { SecretStore, assertSecretName } from './secret-store';
export type { StoredSecret, SecretVersion, SecretValueInput } from './secret-store';
export { readSeedFile, normalizeSeed } from './seed';
export type { SeedDocument, SeedParameter, SeedSecret } from './seed';
