import { assertPortFree, findFreePort } from '../emulators/support/ports';

/** Everything of the local cloud that listens on 127.0.0.1, apart from the services. */
export const INFRASTRUCTURE_PORTS = {
  dynamodb: 8000,
  sqs: 9324,
  s3: 4569,
  eventbridge: 4010,
  stepfunctions: 8083,
  /** SSM Parameter Store and Secrets Manager share one endpoint. */
  ssm: 4583,
  timestream: 4585,
  iot: 1883,
  /** The local token issuer: JWKS at /.well-known/jwks.json. */
  identity: 4600,
  /** Local cloud control (schedule fire-now, status) and the Lambda Invoke router. */
  admin: 4601,
} as const;

export type InfrastructurePort = keyof typeof INFRASTRUCTURE_PORTS;

/**
 * HTTP port of each known service; its Lambda invoke port is the HTTP port + 100 and
 * serverless-offline's own HTTP server (behind the API Gateway stand-in) the HTTP port + 200.
 */
export const SERVICE_HTTP_PORTS: Record<string, number> = {
  orders: 3001,
  inventory: 3002,
  'media-pipeline': 3003,
  'iot-ingest': 3004,
  'batch-reports': 3005,
  'event-bus': 3006,
};
const FIRST_UNLISTED_SERVICE_PORT = 3010;
export const LAMBDA_PORT_OFFSET = 100;
export const OFFLINE_HTTP_PORT_OFFSET = 200;

export interface ServicePorts {
  /** The service's URL: the API Gateway stand-in (usage plans, API keys) in front of serverless-offline. */
  httpPort: number;
  /** serverless-offline's own HTTP server, behind the API Gateway stand-in. */
  offlineHttpPort: number;
  lambdaPort: number;
}

export interface PortPlan {
  infrastructure: Record<InfrastructurePort, number>;
  /** Keyed by service directory name. */
  services: Record<string, ServicePorts>;
}

export type PortOverrides = Partial<Record<InfrastructurePort, number>> & {
  services?: Record<string, number>;
};

/**
 * The fixed, documented ports, with overrides from options and from environment variables
 * `STRATUS_PORT_<NAME>` (e.g. STRATUS_PORT_DYNAMODB=8001, STRATUS_PORT_ORDERS=3201).
 */
export function fixedPortPlan(
  serviceNames: readonly string[],
  overrides: PortOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): PortPlan {
  const fromEnv = (name: string) => {
    const value = env[`STRATUS_PORT_${name.toUpperCase().replace(/-/g, '_')}`];
    if (value === undefined || value === '') return undefined;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      throw new Error(`STRATUS_PORT_${name.toUpperCase()}=${value} is not a port number`);
    return port;
  };
  const infrastructure = Object.fromEntries(
    (Object.keys(INFRASTRUCTURE_PORTS) as InfrastructurePort[]).map((name) => [
      name,
      overrides[name] ?? fromEnv(name) ?? INFRASTRUCTURE_PORTS[name],
    ]),
  ) as Record<InfrastructurePort, number>;
  const services: Record<string, ServicePorts> = {};
  let next = FIRST_UNLISTED_SERVICE_PORT;
  for (const name of [...serviceNames].sort()) {
    let httpPort = overrides.services?.[name] ?? fromEnv(name) ?? SERVICE_HTTP_PORTS[name];
    if (httpPort === undefined) {
      httpPort = next;
      next += 1;
    }
    services[name] = {
      httpPort,
      offlineHttpPort: httpPort + OFFLINE_HTTP_PORT_OFFSET,
      lambdaPort: httpPort + LAMBDA_PORT_OFFSET,
    };
  }
  return { infrastructure, services };
}

/** Free random ports for everything (tests, several stacks side by side). */
export async function randomPortPlan(serviceNames: readonly string[]): Promise<PortPlan> {
  const taken = new Set<number>();
  const free = async () => {
    for (;;) {
      const port = await findFreePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const infrastructure = {} as Record<InfrastructurePort, number>;
  for (const name of Object.keys(INFRASTRUCTURE_PORTS) as InfrastructurePort[])
    infrastructure[name] = await free();
  const services: Record<string, ServicePorts> = {};
  for (const name of serviceNames)
    services[name] = { httpPort: await free(), offlineHttpPort: await free(), lambdaPort: await free() };
  return { infrastructure, services };
}

/** Fails with PortInUseError naming the first port of the plan that something else holds. */
export async function assertPlanPortsFree(
  plan: PortPlan,
  infrastructureInUse: readonly InfrastructurePort[],
): Promise<void> {
  for (const name of infrastructureInUse) await assertPortFree(name, plan.infrastructure[name]);
  for (const [service, ports] of Object.entries(plan.services)) {
    await assertPortFree(`${service} (HTTP)`, ports.httpPort);
    await assertPortFree(`${service} (Lambda invoke)`, ports.lambdaPort);
    await assertPortFree(`${service} (serverless-offline HTTP)`, ports.offlineHttpPort);
  }
}
