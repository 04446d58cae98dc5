// The local cloud behind `npm start`: one call starts every service offline with the emulators
// and triggers derived from each serverless.yml. See README.md.
export { startLocalCloud } from './stack/start-local-cloud';
export type {
  LocalCloud,
  LocalCloudEndpoints,
  ProgressEvent,
  ServiceEndpoints,
  StartLocalCloudOptions,
} from './stack/start-local-cloud';
export { INFRASTRUCTURE_PORTS, SERVICE_HTTP_PORTS, LAMBDA_PORT_OFFSET } from './stack/ports';
export type { PortOverrides } from './stack/ports';
export { stackMemory, formatBytes } from './stack/memory';
export type { StackMemory, ProcessMemory } from './stack/memory';
export type { ServiceSeed } from './stack/seed';

// Tests: endpoints of the stack the Jest global setup started.
export { readLocalCloudEndpoints, ENDPOINTS_FILE_VARIABLE } from './jest/endpoints-file';
export type { JestLocalCloudOptions } from './jest/global-setup';

// Local identity.
export { mintToken, LOCAL_AUDIENCE, ROLES } from './identity/mint-token';
export type { MintTokenOptions, Role } from './identity/mint-token';
export { readSigningKey, loadOrCreateSigningKey } from './identity/signing-key';
export type { SigningKey } from './identity/signing-key';

// Configuration: what the local cloud derives from a resolved serverless.yml.
export { deriveService } from './config/derive-service';
export type { DeriveServiceOptions, PatternValidator } from './config/derive-service';
export { linkServices } from './config/link-services';
export type { LocalCloudPlan } from './config/link-services';
export { printServiceConfiguration } from './config/print-configuration';
export { LocalCloudConfigError, LocalCloudConfigErrors } from './config/config-error';
export { LOCAL_ACCOUNT_ID, LOCAL_BUS_NAME, LOCAL_REGION, LOCAL_STAGE, localArn } from './config/local-aws';
export type * from './config/local-service';
export type { ServerlessConfiguration } from './config/serverless-configuration';

// Schedules.
export {
  parseScheduleExpression,
  nextFireTime,
  ScheduleExpressionError,
} from './schedules/schedule-expression';
export type { ScheduleExpression } from './schedules/schedule-expression';
