// The local emulators behind `npm start` and the Jest global setup. Each start<Name>() binds
// 127.0.0.1 (port 0 = a free port), returns a RunningEmulator with extras, and stop() releases
// everything it started.
export type { RunningEmulator } from './running-emulator';
export { PortInUseError, LOCAL_HOST, findFreePort } from './support/ports';
export { localClientConfig, LOCAL_REGION, LOCAL_ACCOUNT_ID } from './support/local-client-config';
export type { LocalClientConfig } from './support/local-client-config';
export { UnsupportedTemplateValueError } from './support/cloudformation';
export type { CloudFormationResource, CloudFormationResources } from './support/cloudformation';
export { AwsServiceError } from './support/aws-json-server';

export * from './dynamodb';
export * from './sqs';
export * from './s3';
export * from './ssm-secrets';
export * from './stepfunctions';
export * from './timestream';
export * from './iot';
