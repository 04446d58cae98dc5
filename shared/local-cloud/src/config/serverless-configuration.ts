/**
 * The parts of a resolved serverless.yml (what `serverless print --format json` shows, after
 * osls resolved every `${...}` variable) that the local cloud reads. CloudFormation intrinsics
 * (`Ref`, `Fn::GetAtt`, ...) are still present: osls leaves them to CloudFormation.
 */
export interface ServerlessConfiguration {
  service: string | { name: string };
  provider: {
    name?: string;
    stage?: string;
    region?: string;
    timeout?: number | string;
    environment?: Record<string, unknown>;
    [other: string]: unknown;
  };
  functions?: Record<string, ServerlessFunction | null>;
  resources?: {
    Resources?: Record<string, CloudFormationResource>;
    Outputs?: Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
    [other: string]: unknown;
  };
  stepFunctions?: {
    stateMachines?: Record<string, ServerlessStateMachine | null>;
    [other: string]: unknown;
  };
  custom?: Record<string, unknown>;
  [other: string]: unknown;
}

export interface ServerlessFunction {
  handler?: string;
  name?: string;
  timeout?: number | string;
  environment?: Record<string, unknown>;
  events?: Record<string, unknown>[];
  [other: string]: unknown;
}

export interface ServerlessStateMachine {
  name?: string;
  id?: string;
  definition?: unknown;
  events?: Record<string, unknown>[];
  [other: string]: unknown;
}

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
  [other: string]: unknown;
}

export function serviceNameOf(configuration: ServerlessConfiguration): string {
  return typeof configuration.service === 'string' ? configuration.service : configuration.service.name;
}
