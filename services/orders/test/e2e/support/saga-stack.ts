import path from 'node:path';
import { readLocalCloudEndpoints } from '@stratus/local-cloud/src/jest/endpoints-file';
import type { LocalCloudEndpoints } from '@stratus/local-cloud/src/stack/start-local-cloud';
import { LOG_FILE_NAME } from './e2e-settings';
import type { SagaService } from './e2e-settings';

/** Thrown when a test needs a service that the local cloud could not start because it does not exist yet. */
export class ServiceNotRunningError extends Error {
  constructor(service: SagaService) {
    super(
      `the ${service} service is not running in the local cloud: services/${service}/serverless.yml does not exist yet, so there are no ${service} handlers to test end to end`,
    );
    this.name = 'ServiceNotRunningError';
  }
}

export interface SagaStack {
  endpoints: LocalCloudEndpoints;
  /** Base URL of a service's HTTP API (no stage prefix). */
  serviceUrl(service: SagaService): string;
  isRunning(service: SagaService): boolean;
  eventBridge: string;
  sqs: string;
  admin: string;
  busName: string;
  dataDir: string;
  logFile: string;
}

let cached: SagaStack | undefined;

/** The stack the global setup started, read from the endpoints file it wrote. */
export function sagaStack(): SagaStack {
  if (cached) return cached;
  const endpoints = readLocalCloudEndpoints();
  const required = (name: string, value: string | undefined) => {
    if (!value)
      throw new Error(
        `the local cloud has no ${name} endpoint (endpoints: ${JSON.stringify(endpoints.emulators)})`,
      );
    return value;
  };
  const stack: SagaStack = {
    endpoints,
    serviceUrl: (service) => {
      const url = endpoints.services[service]?.url;
      if (!url) throw new ServiceNotRunningError(service);
      return url;
    },
    isRunning: (service) => endpoints.services[service]?.url !== undefined,
    eventBridge: required('eventbridge', endpoints.emulators.eventbridge),
    sqs: required('sqs', endpoints.emulators.sqs),
    admin: endpoints.admin,
    busName: endpoints.eventBusName,
    dataDir: endpoints.dataDir,
    logFile: path.join(endpoints.dataDir, LOG_FILE_NAME),
  };
  cached = stack;
  return stack;
}

/** " (stack log: ...)" for error messages, or nothing when the stack is unknown. */
export function logFileHint(): string {
  try {
    return ` (local cloud log: ${sagaStack().logFile}; keep it with STRATUS_E2E_KEEP_DATA=1)`;
  } catch {
    return '';
  }
}
