// startLocalCloud starts s3rver, whose type declarations live beside the S3 emulator; referenced
// here so packages that import this module type-check without their own reference.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration cannot be imported
/// <reference path="../emulators/s3/s3rver.d.ts" />
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { busTargetDelivery } from '../config/bus-target-input';
import { LocalCloudConfigError, LocalCloudConfigErrors } from '../config/config-error';
import { deriveService } from '../config/derive-service';
import type { PatternValidator } from '../config/derive-service';
import { linkServices } from '../config/link-services';
import type { LocalCloudPlan } from '../config/link-services';
import { LOCAL_BUS_NAME, LOCAL_REGION } from '../config/local-aws';
import type { LocalService } from '../config/local-service';
import { printServiceConfiguration } from '../config/print-configuration';
import type { ServerlessConfiguration } from '../config/serverless-configuration';
import { DEFAULT_DYNAMODB_JAVA_OPTIONS, startDynamoDb } from '../emulators/dynamodb';
import type { RunningDynamoDb } from '../emulators/dynamodb';
import { createTablesFromCloudFormation } from '../emulators/dynamodb';
import type { RunningEmulator } from '../emulators/running-emulator';
import { parseTopicRuleSql, startIot } from '../emulators/iot';
import type { RunningIot } from '../emulators/iot';
import { startS3 } from '../emulators/s3';
import type { RunningS3 } from '../emulators/s3';
import { startSqs } from '../emulators/sqs';
import type { RunningSqs } from '../emulators/sqs';
import { startSsmSecrets } from '../emulators/ssm-secrets';
import type { RunningSsmSecrets, SeedDocument } from '../emulators/ssm-secrets';
import { LambdaFunctionError, startStepFunctions } from '../emulators/stepfunctions';
import type { RunningStepFunctions } from '../emulators/stepfunctions';
import type { CloudFormationResources } from '../emulators/support/cloudformation';
import { startTimestream } from '../emulators/timestream';
import type { RunningTimestream } from '../emulators/timestream';
import { startEventBridge, validatePattern } from '../eventbridge';
import type { RouteLogEntry, RunningEventBridge } from '../eventbridge';
import { startLocalIssuer } from '../identity/local-issuer';
import type { RunningLocalIssuer } from '../identity/local-issuer';
import { OfflineFunctionInvoker } from '../offline/function-invoker';
import { startOfflineService } from '../offline/offline-service';
import { requireablePackages } from '../offline/requireable-packages';
import type { OfflineServiceProcess } from '../offline/offline-service';
import { Scheduler } from '../schedules/scheduler';
import { invokeAsynchronously } from '../triggers/async-invoke';
import { LocalTargetInvoker } from '../triggers/local-target-invoker';
import { routeObjectEvents } from '../triggers/s3-notifications';
import { serviceIntegrations } from '../triggers/service-integrations';
import { startSqsPoller } from '../triggers/sqs-poller';
import type { SqsPoller } from '../triggers/sqs-poller';
import { startStreamPoller } from '../triggers/stream-poller';
import type { StreamPoller } from '../triggers/stream-poller';
import { jsonLinesTriggerLogger } from '../triggers/trigger-log';
import {
  deriveUsagePlanModel,
  hasPrivateRoutes,
  offlineApiKeyValues,
  startUsagePlanProxy,
} from '../api-gateway';
import type { UsagePlanModel } from '../api-gateway';
import { AdminNotFoundError, startAdminServer } from './admin-server';
import type { RunningAdminServer } from './admin-server';
import { describeService, discoverServices, findRepoRoot } from './discover-services';
import type { DiscoveredService } from './discover-services';
import { stackMemory } from './memory';
import type { StackMemory } from './memory';
import { assertPlanPortsFree, fixedPortPlan, randomPortPlan } from './ports';
import type { InfrastructurePort, PortOverrides, PortPlan, ServicePorts } from './ports';
import { SeedLedger, bucketNameFor, readServiceSeed, seedDynamoDb } from './seed';

/**
 * Execution environments per function. Each is a V8 isolate that loads and warms the whole bundle;
 * on a laptop more of them than this add memory and start-up work, not throughput (measured with
 * bench:flash-sale; see the local-cloud README).
 */
export const DEFAULT_LAMBDA_CONCURRENCY = 4;

export interface StartLocalCloudOptions {
  /** Repository root; default: found from the working directory. */
  rootDir?: string;
  /** Directory names under services/ to run; default: every service with a serverless.yml. */
  services?: readonly string[];
  /** Service directories given directly (fixtures); replaces discovery under services/. */
  serviceDirs?: readonly string[];
  /** 'fixed' (default): the documented ports, with overrides; 'random': free random ports (tests). */
  ports?: 'fixed' | 'random' | PortOverrides;
  /** Where data survives restarts; default `<root>/.local-cloud`. */
  dataDir?: string;
  /** Wipe dataDir first. */
  fresh?: boolean;
  /**
   * DynamoDB Local keeps its tables in memory instead of under dataDir: about twice the write
   * throughput, and the tables are gone when the stack stops (benchmarks, throwaway stacks).
   */
  tablesInMemory?: boolean;
  /**
   * At most this many execution environments (worker threads) per function; further invocations
   * wait for one to come free. Default DEFAULT_LAMBDA_CONCURRENCY (see lambda-pool-limits.cjs).
   */
  lambdaConcurrency?: number;
  /** Load services' local/seed.json on their first start (default true). */
  seed?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** Receives one JSON line per routed event (bus routes and triggers). Default: stdout. */
  log?: (line: string) => void;
  /** Output of the serverless-offline processes (handler logs). Default: dropped. */
  onServiceOutput?: (service: string, chunk: string) => void;
  /** Where to write the endpoints JSON; default `<dataDir>/endpoints.json`; false: none. */
  endpointsFile?: string | false;
}

export interface ProgressEvent {
  kind: 'emulator' | 'service' | 'resources' | 'triggers' | 'config';
  name: string;
  status: 'starting' | 'ready' | 'failed';
  /** Milliseconds since startLocalCloud was called. */
  elapsedMs: number;
  detail?: string;
}

export interface ServiceEndpoints {
  label: string;
  name: string;
  dir: string;
  /** HTTP API base URL (no stage prefix); undefined for a stack without functions. */
  url?: string;
  lambdaEndpoint?: string;
  /** Function key -> deployed name (what Lambda Invoke takes). */
  functions: Record<string, string>;
  routes: string[];
  /** Keys clients send in `x-api-key` to the service's private routes (usage plans). */
  apiKeys?: { name: string; plan: string; value: string }[];
}

export interface LocalCloudEndpoints {
  startedAt: string;
  dataDir: string;
  /** How the stack was started, for tools that report figures against it. */
  settings: { tablesInMemory: boolean; lambdaConcurrency: number };
  /** Schedules fire-now, status, stats; also a Lambda Invoke endpoint for every function. */
  admin: string;
  identity: { issuer: string; audience: string; jwksUrl: string };
  emulators: Record<string, string>;
  eventBusName: string;
  services: Record<string, ServiceEndpoints>;
  /** What handlers get: AWS_ENDPOINT_URL_*, dummy credentials, region, issuer settings. */
  env: Record<string, string>;
}

export interface LocalCloud {
  endpoints: LocalCloudEndpoints;
  plan: LocalCloudPlan;
  /** Fires a service's schedule now (as `npm run schedule:fire -- <service> <name>`). */
  fireSchedule(service: string, name: string): { ruleName: string; eventId: string }[];
  stats(): StackMemory;
  stop(): Promise<void>;
}

/** Emulators started on every `npm start`; their endpoints go to handlers as AWS_ENDPOINT_URL_*. */
const STARTED_EMULATORS: readonly InfrastructurePort[] = [
  'dynamodb',
  'sqs',
  'eventbridge',
  'identity',
  'admin',
];

interface Handshake {
  config: Promise<{ configuration: ServerlessConfiguration; configFile?: string }>;
  receive(body: { configuration: ServerlessConfiguration; configurationFilename?: string }): Promise<unknown>;
  answer(answer: unknown): void;
}

/**
 * Starts the whole local cloud: emulators, the local bus, one serverless-offline process per
 * service, everything derived from each serverless.yml (tables, queues, rules, schedules,
 * triggers), demo data on first start. Resolves when every service answers; `stop()` ends every
 * child process. Configuration problems reject with LocalCloudConfigErrors naming service, file
 * and problem; a taken port rejects with PortInUseError naming the port.
 */
export async function startLocalCloud(options: StartLocalCloudOptions = {}): Promise<LocalCloud> {
  const started = performance.now();
  const progress = (event: Omit<ProgressEvent, 'elapsedMs'>) =>
    options.onProgress?.({ ...event, elapsedMs: Math.round(performance.now() - started) });
  const write = options.log ?? ((line: string) => process.stdout.write(line));
  const rootDir = options.rootDir ?? findRepoRoot();
  const dataDir = path.resolve(options.dataDir ?? path.join(rootDir, '.local-cloud'));
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  const lambdaConcurrency = options.lambdaConcurrency ?? DEFAULT_LAMBDA_CONCURRENCY;
  if (!Number.isInteger(lambdaConcurrency) || lambdaConcurrency < 1) {
    throw new Error(`lambdaConcurrency must be a whole number of at least 1, got ${lambdaConcurrency}`);
  }
  await mkdir(dataDir, { recursive: true });

  const discovered: DiscoveredService[] = options.serviceDirs
    ? options.serviceDirs.map((dir) => {
        const service = describeService(dir);
        if (!service) throw new Error(`${dir} has no serverless.yml`);
        return service;
      })
    : discoverServices(rootDir, options.services);
  const offlineServices = discovered.filter((service) => service.hasFunctions);
  const ports: PortPlan =
    options.ports === 'random'
      ? await randomPortPlan(offlineServices.map((service) => service.label))
      : fixedPortPlan(
          offlineServices.map((service) => service.label),
          typeof options.ports === 'object' ? options.ports : {},
        );
  if (options.ports !== 'random') await assertPlanPortsFree(ports, STARTED_EMULATORS);

  // Each local cloud bundles into its own folder (git-ignored `.local-cloud/` inside the service):
  // several stacks (npm start, an e2e run) may run the same service at once, serverless-esbuild
  // empties its output folder when it starts, and `serverless package` deletes `.esbuild` whole.
  const offlineBuildFolder = path.join('.local-cloud', `esbuild-${process.pid}`);
  for (const service of discovered) await removeStaleBuildFolders(service.dir);
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    while (stoppers.length > 0) {
      const batch = stoppers.splice(0, stoppers.length).reverse();
      const results = await Promise.allSettled(batch.map((stop) => stop()));
      for (const result of results) if (result.status === 'rejected') errors.push(result.reason);
    }
    if (errors.length > 0)
      throw new AggregateError(errors, 'some parts of the local cloud did not stop cleanly');
  };

  // Emulators may still be starting when something else fails; stop them only once they are up.
  let emulatorsReady: Promise<StartedEmulators> | undefined;
  try {
    const invoker = new OfflineFunctionInvoker();
    stoppers.push(async () => invoker.destroy());
    const handshakes = new Map<string, Handshake>(
      offlineServices.map((service) => [service.label, createHandshake()]),
    );
    const serviceProcesses = new Map<string, OfflineServiceProcess>();
    const lambdaEndpoints = new Map<string, string>();
    // Read by the admin server's handlers, which may be called while the rest still starts.
    const live: { scheduler?: Scheduler; plan?: LocalCloudPlan; endpoints?: LocalCloudEndpoints } = {};

    const admin: RunningAdminServer = await startAdminServer(ports.infrastructure.admin, {
      handshake: (label, body) => {
        const handshake = handshakes.get(label);
        if (!handshake) throw new AdminNotFoundError(`no service '${label}' is starting`);
        return handshake.receive(
          body as { configuration: ServerlessConfiguration; configurationFilename?: string },
        );
      },
      lambdaEndpointOf: (name) => lambdaEndpoints.get(name),
      fireSchedule: (service, name) => {
        const scheduler = live.scheduler;
        if (!scheduler) throw new Error('the local cloud is still starting');
        try {
          return scheduler.fire(serviceNameOfLabel(live.plan, service), name);
        } catch (error) {
          throw new AdminNotFoundError((error as Error).message);
        }
      },
      status: () => live.endpoints ?? { starting: true },
      stats: () => stackMemory(),
    });
    stoppers.push(() => admin.stop());

    progress({ kind: 'emulator', name: 'identity', status: 'starting' });
    const issuer: RunningLocalIssuer = await startLocalIssuer({
      port: ports.infrastructure.identity,
      dataDir,
    });
    stoppers.push(() => issuer.stop());
    progress({ kind: 'emulator', name: 'identity', status: 'ready', detail: issuer.endpoint });

    const endpointOf = (name: InfrastructurePort) => `http://127.0.0.1:${ports.infrastructure[name]}`;
    const awsEnv: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: endpointOf('dynamodb'),
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpointOf('dynamodb'),
      AWS_ENDPOINT_URL_SQS: endpointOf('sqs'),
      AWS_ENDPOINT_URL_S3: endpointOf('s3'),
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpointOf('eventbridge'),
      AWS_ENDPOINT_URL_SFN: endpointOf('stepfunctions'),
      AWS_ENDPOINT_URL_SSM: endpointOf('ssm'),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpointOf('ssm'),
      AWS_ENDPOINT_URL_TIMESTREAM_WRITE: endpointOf('timestream'),
      AWS_ENDPOINT_URL_LAMBDA: admin.endpoint,
    };
    const handlerEnv: Record<string, string> = {
      ...awsEnv,
      POWERTOOLS_TRACE_ENABLED: 'false',
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      JWKS_URL: issuer.jwksUrl,
    };
    const childEnv = childProcessEnv(awsEnv);

    // Emulators and serverless-offline processes start side by side; the offline processes wait
    // in the handshake (after osls resolved their configuration) until resources exist.
    emulatorsReady = startEmulators(
      ports,
      dataDir,
      options.tablesInMemory === true,
      invoker,
      write,
      progress,
      stoppers,
    );
    const emulatorsStarting = emulatorsReady;
    // Handled here so a failure does not surface as an unhandled rejection; awaited below.
    emulatorsStarting.catch(() => undefined);

    const configs = new Map<string, { configuration: ServerlessConfiguration; configFile?: string }>();
    const configReads = discovered.map(async (service) => {
      if (!service.hasFunctions) {
        progress({ kind: 'config', name: service.label, status: 'starting' });
        configs.set(service.label, {
          configuration: await printServiceConfiguration(service.dir, { env: childEnv }),
          configFile: service.configFile,
        });
        progress({ kind: 'config', name: service.label, status: 'ready' });
        return;
      }
      const servicePorts = ports.services[service.label] as ServicePorts;
      progress({ kind: 'service', name: service.label, status: 'starting' });
      const child = startOfflineService({
        label: service.label,
        serviceDir: service.dir,
        httpPort: servicePorts.offlineHttpPort,
        lambdaPort: servicePorts.lambdaPort,
        handshakeUrl: `${admin.endpoint}/_handshake/${encodeURIComponent(service.label)}`,
        env: childEnv,
        ...(options.onServiceOutput
          ? { onOutput: (chunk: string) => options.onServiceOutput?.(service.label, chunk) }
          : {}),
      });
      serviceProcesses.set(service.label, child);
      stoppers.push(async () => {
        await child.stop();
        await rm(path.join(service.dir, offlineBuildFolder), { recursive: true, force: true });
      });
      const handshake = handshakes.get(service.label) as Handshake;
      const config = await Promise.race([
        handshake.config,
        child.exited.then((code) => {
          throw new Error(
            `[${service.label}] serverless offline exited (code ${String(code)}) before it resolved its configuration:\n${child.recentOutput().split('\n').slice(-30).join('\n')}`,
          );
        }),
      ]);
      configs.set(service.label, config);
    });
    // A failing emulator (no Java, a taken port) ends the start as soon as it fails.
    const emulatorFailure = emulatorsStarting.then(() => new Promise<never>(() => undefined));
    await Promise.race([settleAll(configReads), emulatorFailure]);

    const exportsByName = new Map<string, string>();
    const derived: LocalService[] = [];
    const usageModels = new Map<string, UsagePlanModel>();
    const proxies = new Map<string, string>();
    const errors: LocalCloudConfigError[] = [];
    const validator: PatternValidator = (pattern) => {
      const result = validatePattern(pattern);
      return result.valid ? undefined : result.message;
    };
    // Stacks without functions (the bus) first: their exports feed Fn::ImportValue elsewhere.
    for (const service of [...discovered].sort((a, b) => Number(a.hasFunctions) - Number(b.hasFunctions))) {
      const config = configs.get(service.label) as {
        configuration: ServerlessConfiguration;
        configFile?: string;
      };
      try {
        const local = deriveService({
          configuration: config.configuration,
          serviceDir: service.dir,
          configFile: config.configFile ?? service.configFile,
          queueUrl: (name) => `${endpointOf('sqs')}/000000000000/${name}`,
          exports: exportsByName,
          validatePattern: validator,
          validateTopicRuleSql: (sql) => {
            try {
              parseTopicRuleSql(sql);
              return undefined;
            } catch (error) {
              return (error as Error).message;
            }
          },
        });
        for (const [name, value] of Object.entries(local.exports)) exportsByName.set(name, value);
        derived.push(local);
        if (service.hasFunctions) {
          usageModels.set(
            service.label,
            deriveUsagePlanModel({
              configuration: config.configuration,
              configFile: config.configFile ?? service.configFile,
            }),
          );
        }
      } catch (error) {
        if (error instanceof LocalCloudConfigErrors) errors.push(...error.errors);
        else throw error;
      }
    }
    if (errors.length > 0) throw new LocalCloudConfigErrors(errors);
    const plan = linkServices(derived);
    live.plan = plan;
    progress({ kind: 'config', name: 'all services', status: 'ready', detail: `${derived.length} services` });

    const externalPackages = requireablePackages(rootDir);
    // Let the offline processes go on, each with its functions' resolved environment: they bundle
    // and start while the JVM finishes starting (ports and names are known already; requests reach
    // them only once the stack reports ready, after the resources exist).
    for (const service of discovered.filter((entry) => entry.hasFunctions)) {
      const local = plan.services.find((entry) => entry.dir === service.dir) as LocalService;
      (handshakes.get(service.label) as Handshake).answer({
        dropEventKinds: ['schedule'],
        lambdaConcurrency,
        // Full rebuilds on change instead of the incremental contexts esbuild keeps in memory per
        // function (measured: ~220 MB per service); a rebuild still takes about a second.
        esbuildOverrides: {
          skipRebuild: true,
          // Local bundles stay readable (stack traces, debugging) and build faster.
          minify: false,
          // Third-party packages Node can require are loaded from node_modules instead of being
          // bundled into every function again (see requireable-packages.ts).
          exclude: localExternals(configs.get(service.label)?.configuration, externalPackages),
          outputWorkFolder: offlineBuildFolder,
          // Shared workspace sources watched too; the per-stack bundle folder ignored (see localWatch).
          watch: localWatch(configs.get(service.label)?.configuration, service.dir, rootDir, '.local-cloud'),
        },
        ...(usageModels.get(service.label) &&
        hasPrivateRoutes(usageModels.get(service.label) as UsagePlanModel)
          ? { apiKeys: offlineApiKeyValues(usageModels.get(service.label) as UsagePlanModel) }
          : {}),
        functionEnvironment: Object.fromEntries(
          local.functions.map((fn) => [fn.key, { ...fn.environment, ...handlerEnv }]),
        ),
      });
    }

    // Functions must be known before rules and schedules target them (PutTargets checks).
    for (const service of discovered.filter((entry) => entry.hasFunctions)) {
      const local = plan.services.find((entry) => entry.dir === service.dir) as LocalService;
      const lambdaEndpoint = `http://127.0.0.1:${(serviceProcesses.get(service.label) as OfflineServiceProcess).lambdaPort}`;
      invoker.register(
        lambdaEndpoint,
        local.functions.map((fn) => fn.name),
      );
      for (const fn of local.functions) lambdaEndpoints.set(fn.name, lambdaEndpoint);
    }

    const emulators = await emulatorsStarting;
    progress({ kind: 'resources', name: 'tables, queues, rules', status: 'starting' });
    await createResources(plan, emulators);
    const localTargets = emulators.targets;
    const scheduler = new Scheduler(emulators.eventbridge.bus);
    live.scheduler = scheduler;
    for (const service of plan.services) scheduler.register(service.name, service.schedules);
    if (options.seed !== false) await seedServices(plan, emulators, dataDir, options.tablesInMemory === true);
    progress({ kind: 'resources', name: 'tables, queues, rules', status: 'ready' });

    const triggerLog = jsonLinesTriggerLogger(write);
    const pollers: (SqsPoller | StreamPoller)[] = [];
    stoppers.push(async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
    });
    for (const service of plan.services) {
      for (const trigger of service.sqsTriggers.filter((entry) => entry.enabled)) {
        pollers.push(
          startSqsPoller({
            trigger,
            sqsEndpoint: emulators.sqs.endpoint,
            queueUrl: emulators.sqs.queueUrl(trigger.queueName),
            invoker,
            log: triggerLog,
          }),
        );
      }
      for (const trigger of service.streamTriggers.filter((entry) => entry.enabled)) {
        pollers.push(
          await startStreamPoller({
            trigger,
            dynamodbEndpoint: emulators.dynamodb.endpoint,
            invoker,
            log: triggerLog,
          }),
        );
      }
    }
    for (const service of plan.services) {
      for (const topicRule of service.topicRules) {
        try {
          emulators.iot.addTopicRule({
            name: topicRule.name,
            sql: topicRule.sql,
            action: (output, invocation) =>
              invokeAsynchronously(invoker, topicRule.functionName, output, triggerLog, {
                trigger: 'iot',
                source: invocation.topic,
                rule: invocation.ruleName,
              }),
          });
        } catch (error) {
          throw new LocalCloudConfigError(
            service.name,
            service.configFile,
            `${topicRule.declaredAt}: ${(error as Error).message}`,
          );
        }
      }
    }
    const stopObjectEvents = routeObjectEvents({
      s3: emulators.s3,
      plan,
      bus: emulators.eventbridge.bus,
      functions: invoker,
      log: triggerLog,
    });
    stoppers.push(async () => stopObjectEvents());
    scheduler.start();
    stoppers.push(async () => scheduler.stop());
    stoppers.push(() => localTargets.close());
    progress({ kind: 'triggers', name: 'triggers', status: 'ready', detail: `${pollers.length} pollers` });

    await settleAll(
      [...serviceProcesses.entries()].map(async ([label, child]) => {
        const local = plan.services.find(
          (entry) => entry.dir === discovered.find((service) => service.label === label)?.dir,
        );
        const hasHttp = (local?.functions ?? []).some((fn) => fn.httpRoutes.length > 0);
        await child.waitUntilReady({ http: hasHttp });
        const model = usageModels.get(label);
        if (hasHttp && model) {
          // The API Gateway stand-in on the service's documented port: API keys, usage plans
          // (403/429 as API Gateway answers) for private routes; everything else passes through.
          const proxy = await startUsagePlanProxy({
            target: `http://127.0.0.1:${child.httpPort}`,
            model,
            port: (ports.services[label] as ServicePorts).httpPort,
            onDecision: ({ method, url, admission }) =>
              write(
                `${JSON.stringify({ level: 'info', message: 'api-key route', service: label, method, url, outcome: admission.outcome })}\n`,
              ),
          });
          stoppers.push(() => proxy.stop());
          proxies.set(label, proxy.endpoint);
        }
        progress({
          kind: 'service',
          name: label,
          status: 'ready',
          detail: proxies.get(label) ?? `http://127.0.0.1:${child.httpPort}`,
        });
      }),
    );

    const endpoints: LocalCloudEndpoints = {
      startedAt: new Date().toISOString(),
      dataDir,
      settings: { tablesInMemory: options.tablesInMemory === true, lambdaConcurrency },
      admin: admin.endpoint,
      identity: { issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl },
      emulators: Object.fromEntries(
        Object.entries(emulators.all).map(([name, emulator]) => [name, emulator.endpoint]),
      ),
      eventBusName: LOCAL_BUS_NAME,
      services: Object.fromEntries(
        plan.services.map((service) => {
          const label = discovered.find((entry) => entry.dir === service.dir)?.label ?? service.name;
          const child = serviceProcesses.get(label);
          const entry: ServiceEndpoints = {
            label,
            name: service.name,
            dir: service.dir,
            functions: Object.fromEntries(service.functions.map((fn) => [fn.key, fn.name])),
            routes: service.functions.flatMap((fn) => fn.httpRoutes),
          };
          if (child) {
            entry.url = proxies.get(label) ?? `http://127.0.0.1:${child.httpPort}`;
            entry.lambdaEndpoint = `http://127.0.0.1:${child.lambdaPort}`;
          }
          const model = usageModels.get(label);
          if (model && hasPrivateRoutes(model)) {
            entry.apiKeys = model.keys
              .filter((key) => key.enabled)
              .map((key) => ({ name: key.name, plan: key.plan, value: key.value }));
          }
          return [label, entry];
        }),
      ),
      env: handlerEnv,
    };
    const endpointsFile =
      options.endpointsFile === undefined ? path.join(dataDir, 'endpoints.json') : options.endpointsFile;
    if (endpointsFile !== false) {
      await writeFile(endpointsFile, `${JSON.stringify(endpoints, null, 2)}\n`);
      stoppers.unshift(() => rm(endpointsFile, { force: true }));
    }

    live.endpoints = endpoints;
    return {
      endpoints,
      plan,
      fireSchedule: (service, name) => scheduler.fire(serviceNameOfLabel(plan, service), name),
      stats: () => stackMemory(),
      stop: stopAll,
    };
  } catch (error) {
    await emulatorsReady?.catch(() => undefined);
    await stopAll().catch(() => undefined);
    throw error;
  }
}

interface StartedEmulators {
  dynamodb: RunningDynamoDb;
  sqs: RunningSqs;
  s3: RunningS3;
  eventbridge: RunningEventBridge;
  stepfunctions: RunningStepFunctions;
  ssm: RunningSsmSecrets;
  timestream: RunningTimestream;
  iot: RunningIot;
  targets: LocalTargetInvoker;
  all: Record<string, RunningEmulator>;
}

async function startEmulators(
  ports: PortPlan,
  dataDir: string,
  tablesInMemory: boolean,
  invoker: OfflineFunctionInvoker,
  write: (line: string) => void,
  progress: (event: Omit<ProgressEvent, 'elapsedMs'>) => void,
  stoppers: (() => Promise<void>)[],
): Promise<StartedEmulators> {
  const track = async <T extends RunningEmulator>(name: string, start: () => Promise<T>): Promise<T> => {
    progress({ kind: 'emulator', name, status: 'starting' });
    try {
      const emulator = await start();
      stoppers.push(() => emulator.stop());
      progress({ kind: 'emulator', name, status: 'ready', detail: emulator.endpoint });
      return emulator;
    } catch (error) {
      progress({ kind: 'emulator', name, status: 'failed', detail: (error as Error).message });
      throw error;
    }
  };
  const endpoint = (name: InfrastructurePort) => `http://127.0.0.1:${ports.infrastructure[name]}`;
  // The JVM takes the longest: start it first and let the in-process emulators start meanwhile.
  const dynamodbStarting = track('dynamodb', () =>
    startDynamoDb({
      port: ports.infrastructure.dynamodb,
      ...(tablesInMemory ? { inMemory: true } : { dataDir: path.join(dataDir, 'dynamodb') }),
      // A ceiling on the JVM heap: by default it may grow to a quarter of the machine's memory.
      javaOptions: [...DEFAULT_DYNAMODB_JAVA_OPTIONS, '-Xmx384m', '-XX:MaxMetaspaceSize=128m'],
    }),
  );
  const integrations = serviceIntegrations({
    sqs: endpoint('sqs'),
    eventbridge: endpoint('eventbridge'),
    dynamodb: endpoint('dynamodb'),
  });
  stoppers.push(async () => integrations.destroy());
  const [sqs, s3, stepfunctions, ssm, timestream, iot] = await Promise.all([
    track('sqs', () => startSqs({ port: ports.infrastructure.sqs })),
    track('s3', () => startS3({ port: ports.infrastructure.s3, dataDir: path.join(dataDir, 's3') })),
    track('stepfunctions', () =>
      startStepFunctions({
        port: ports.infrastructure.stepfunctions,
        dataDir: path.join(dataDir, 'stepfunctions'),
        invokeFunction: async (functionName, payload) => {
          const result = await invoker.invoke(functionName, payload);
          if (result.functionError) {
            const error = (result.payload ?? {}) as {
              errorType?: string;
              errorMessage?: string;
              trace?: string[];
            };
            throw new LambdaFunctionError(
              error.errorType ?? 'Error',
              error.errorMessage ?? JSON.stringify(result.payload),
              error.trace ?? [],
            );
          }
          return result.payload;
        },
        invokeServiceIntegration: integrations.invoke,
      }),
    ),
    track('ssm', () =>
      startSsmSecrets({ port: ports.infrastructure.ssm, dataDir: path.join(dataDir, 'ssm-secrets') }),
    ),
    track('timestream', () =>
      startTimestream({ port: ports.infrastructure.timestream, dataDir: path.join(dataDir, 'timestream') }),
    ),
    track('iot', () => startIot({ port: ports.infrastructure.iot })),
  ]);
  const targets = new LocalTargetInvoker({
    functions: invoker,
    sqsEndpoint: sqs.endpoint,
    sfnEndpoint: stepfunctions.endpoint,
    log: jsonLinesTriggerLogger(write),
  });
  const routeLog = (entry: RouteLogEntry) => write(`${JSON.stringify(entry)}\n`);
  const eventbridge = await track('eventbridge', () =>
    startEventBridge({
      port: ports.infrastructure.eventbridge,
      dataDir,
      invoker: targets,
      eventBuses: [LOCAL_BUS_NAME],
      log: routeLog,
      // S3 "Object Created" notifications are published on the default bus with source aws.s3.
      allowAwsSources: true,
    }),
  );
  targets.attachBus(eventbridge.bus);
  const dynamodb = await dynamodbStarting;
  return {
    dynamodb,
    sqs,
    s3,
    eventbridge,
    stepfunctions,
    ssm,
    timestream,
    iot,
    targets,
    all: { dynamodb, sqs, s3, eventbridge, stepfunctions, ssm, timestream, iot },
  };
}

async function createResources(plan: LocalCloudPlan, emulators: StartedEmulators): Promise<void> {
  const merged = (
    select: (
      service: LocalService,
    ) => { logicalId: string; type: string; properties: Record<string, unknown> }[],
  ) => {
    const resources: CloudFormationResources = {};
    for (const service of plan.services) {
      for (const entry of select(service))
        resources[`${service.name}.${entry.logicalId}`] = { Type: entry.type, Properties: entry.properties };
    }
    return resources;
  };
  await createTablesFromCloudFormation(
    emulators.dynamodb.endpoint,
    merged((service) =>
      service.tables.map((table) => ({
        logicalId: table.logicalId,
        type: 'AWS::DynamoDB::Table',
        properties: table.properties,
      })),
    ),
  );
  await emulators.sqs.createQueuesFromCloudFormation(
    merged((service) =>
      service.queues.map((queue) => ({
        logicalId: queue.logicalId,
        type: 'AWS::SQS::Queue',
        properties: queue.properties,
      })),
    ),
  );
  const buckets = [...plan.bucketNames];
  if (buckets.length > 0) await emulators.s3.createBuckets(buckets);
  emulators.timestream.createFromCloudFormation(
    merged((service) =>
      service.timestreamResources.map((resource) => ({
        logicalId: resource.logicalId,
        type: resource.type,
        properties: resource.properties,
      })),
    ),
  );
  const machines = emulators.stepfunctions.service;
  for (const service of plan.services) {
    for (const machine of service.stateMachines) {
      const definition = JSON.stringify(machine.definition);
      // State machines persist in the data directory: a changed definition updates the machine.
      if (machines.listStateMachines().some((existing) => existing.arn === machine.arn)) {
        machines.updateStateMachine({ stateMachineArn: machine.arn, definition });
      } else {
        machines.createStateMachine({ name: machine.name, definition });
      }
    }
  }
  const bus = emulators.eventbridge.bus;
  const existingBuses = new Set((bus.listEventBuses().EventBuses ?? []).map((entry) => entry.Name));
  for (const name of plan.busNames) if (!existingBuses.has(name)) bus.createEventBus({ Name: name });
  for (const service of plan.services) {
    for (const rule of service.rules) {
      bus.putRule({
        Name: rule.name,
        EventBusName: rule.busName,
        EventPattern: JSON.stringify(rule.eventPattern),
        State: 'ENABLED',
      });
      if (rule.targets.length === 0) continue;
      const result = bus.putTargets({
        Rule: rule.name,
        EventBusName: rule.busName,
        Targets: rule.targets.map((target) => ({
          Id: target.id,
          Arn: target.arn,
          ...busTargetDelivery(target),
          ...(target.kind === 'sqs' && target.messageGroupId !== undefined
            ? { SqsParameters: { MessageGroupId: target.messageGroupId } }
            : {}),
        })),
      });
      if (result.FailedEntryCount > 0) {
        throw new LocalCloudConfigError(
          service.name,
          service.configFile,
          `${rule.declaredAt}: targets of rule '${rule.name}' refused: ${JSON.stringify(result.FailedEntries)}`,
        );
      }
    }
  }
}

async function seedServices(
  plan: LocalCloudPlan,
  emulators: StartedEmulators,
  dataDir: string,
  tablesInMemory: boolean,
): Promise<void> {
  const ledger = await SeedLedger.open(dataDir);
  for (const service of plan.services) {
    if (ledger.has(service.name)) {
      // Tables kept in memory start empty every time; the rest of the seed is still on disk.
      const items = tablesInMemory ? readServiceSeed(service) : undefined;
      if (items) await seedDynamoDb(emulators.dynamodb.endpoint, service, items);
      continue;
    }
    const seed = readServiceSeed(service);
    if (seed) {
      await seedDynamoDb(emulators.dynamodb.endpoint, service, seed);
      const document: SeedDocument = {};
      if (seed.ssm) document.parameters = seed.ssm;
      if (seed.secrets) document.secrets = seed.secrets;
      if (document.parameters || document.secrets) emulators.ssm.applySeed(document);
      await seedObjects(emulators.s3.endpoint, service, seed.s3 ?? {});
    }
    await ledger.record(service.name);
  }
}

async function seedObjects(
  endpoint: string,
  service: LocalService,
  objects: Record<string, Record<string, unknown>>,
): Promise<void> {
  for (const [bucketReference, entries] of Object.entries(objects)) {
    const bucket = bucketNameFor(service, bucketReference) as string;
    for (const [key, content] of Object.entries(entries)) {
      const body = typeof content === 'string' ? content : JSON.stringify(content);
      const response = await fetch(
        `${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        {
          method: 'PUT',
          body,
          headers: { 'content-type': typeof content === 'string' ? 'text/plain' : 'application/json' },
        },
      );
      if (!response.ok)
        throw new Error(
          `seeding s3://${bucket}/${key} for ${service.name}: ${response.status} ${await response.text()}`,
        );
    }
  }
}

/** Bundles left by local clouds that were killed before they could clean up (their pid is gone). */
async function removeStaleBuildFolders(serviceDir: string): Promise<void> {
  const folder = path.join(serviceDir, '.local-cloud');
  const entries = await readdir(folder).catch(() => [] as string[]);
  for (const entry of entries) {
    const pid = /^esbuild-(\d+)$/.exec(entry)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    await rm(path.join(folder, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The service's own `custom.esbuild.exclude` plus the packages local bundles leave out. */
function localExternals(
  configuration: ServerlessConfiguration | undefined,
  packages: readonly string[],
): string[] {
  const esbuild = (configuration?.custom?.esbuild ?? {}) as { exclude?: unknown };
  const own = esbuild.exclude === undefined ? ['aws-sdk'] : [esbuild.exclude].flat().map(String);
  return [...new Set([...own, ...packages])];
}

/**
 * serverless-esbuild's watch settings of a service for the local cloud: its own patterns plus the
 * sources of the shared workspace packages (bundled into every function, so a change there must
 * rebuild too), and the per-stack bundle folder ignored (the watcher must not see the bundles it causes).
 */
function localWatch(
  configuration: ServerlessConfiguration | undefined,
  serviceDir: string,
  rootDir: string,
  folder: string,
): Record<string, unknown> {
  const esbuild = (configuration?.custom?.esbuild ?? {}) as {
    watch?: { ignore?: unknown; pattern?: unknown } & Record<string, unknown>;
  };
  const watch = esbuild.watch ?? {};
  const ignore =
    watch.ignore === undefined ? ['.esbuild', 'dist', 'node_modules', '.build'] : [watch.ignore].flat();
  const pattern = watch.pattern === undefined ? ['./**/*.(js|ts)'] : [watch.pattern].flat();
  const shared = path.relative(serviceDir, path.join(rootDir, 'shared'));
  return { ...watch, pattern: [...pattern, `${shared}/*/src/**/*.ts`], ignore: [...ignore, folder] };
}

function createHandshake(): Handshake {
  let resolveConfig!: (value: { configuration: ServerlessConfiguration; configFile?: string }) => void;
  const config = new Promise<{ configuration: ServerlessConfiguration; configFile?: string }>(
    (resolve) => (resolveConfig = resolve),
  );
  let resolveAnswer!: (value: unknown) => void;
  const answer = new Promise<unknown>((resolve) => (resolveAnswer = resolve));
  return {
    config,
    receive(body) {
      resolveConfig({
        configuration: body.configuration,
        ...(body.configurationFilename ? { configFile: body.configurationFilename } : {}),
      });
      return answer;
    },
    answer: resolveAnswer,
  };
}

/** Like Promise.all, but waits for every promise so nothing is left running unobserved; rethrows the first error. */
async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failures = results
    .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    .map((result) => result.reason as unknown);
  if (failures.length === 0) return;
  const configErrors = failures.filter(
    (failure): failure is LocalCloudConfigErrors => failure instanceof LocalCloudConfigErrors,
  );
  if (configErrors.length === failures.length)
    throw new LocalCloudConfigErrors(configErrors.flatMap((failure) => failure.errors));
  throw failures[0];
}

/** The environment of child processes: this process's, minus real AWS credentials and loaders, plus the local settings. */
function childProcessEnv(awsEnv: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('AWS_') || name === 'NODE_OPTIONS' || name.startsWith('JEST_')) continue;
    env[name] = value;
  }
  return { ...env, ...awsEnv };
}

/** `schedule:fire` accepts the directory name or the `service:` name. */
function serviceNameOfLabel(plan: LocalCloudPlan | undefined, label: string): string {
  const match = plan?.services.find(
    (service) => service.name === label || path.basename(service.dir) === label,
  );
  return match?.name ?? label;
}
