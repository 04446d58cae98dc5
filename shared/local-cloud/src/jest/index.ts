export { default as globalSetup } from './global-setup';
export type { JestLocalCloudOptions } from './global-setup';
export { default as globalTeardown } from './global-teardown';
export { readLocalCloudEndpoints, ENDPOINTS_FILE_VARIABLE } from './endpoints-file';
