import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalCloudConfigErrors } from '../config/config-error';
import { PortInUseError } from '../emulators/support/ports';
import { JavaNotFoundError } from '../emulators/dynamodb';
import { OfflineBuildError, OfflineServiceExitedError } from '../offline/offline-service';
import { DEFAULT_LAMBDA_CONCURRENCY, startLocalCloud } from '../stack/start-local-cloud';
import type { LocalCloud, ProgressEvent } from '../stack/start-local-cloud';
import { INFRASTRUCTURE_PORTS } from '../stack/ports';
import type { InfrastructurePort, PortOverrides } from '../stack/ports';
import { findRepoRoot } from '../stack/discover-services';
import { formatStats } from './format-stats';

const USAGE = `Usage: npm start [-- options]

  --fresh               wipe .local-cloud (tables, archive, keys) and seed demo data again
  --services a,b        run only these services (directory names under services/)
  --port name=port      override a port (dynamodb, sqs, eventbridge, identity, admin, or a service name)
  --random-ports        free random ports for everything (several stacks side by side)
  --stats               print whole-stack resident memory once the stack is idle
  --data-dir <dir>      keep data there instead of .local-cloud
  --in-memory           DynamoDB tables in memory: about twice the write throughput, gone at stop
  --lambda-concurrency N
                        execution environments per function (default ${DEFAULT_LAMBDA_CONCURRENCY})
  --service-dir <dir>   run the service in <dir> (repeatable; replaces discovery under services/)
  --quiet               hide handler output (routed-event lines stay)
  --help`;

const IDLE_BEFORE_STATS_MS = 10_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      services: { type: 'string' },
      port: { type: 'string', multiple: true, default: [] },
      'random-ports': { type: 'boolean', default: false },
      stats: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean', default: false },
      'lambda-concurrency': { type: 'string' },
      'service-dir': { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rootDir = findRepoRoot();
  const display = new ProgressDisplay(process.stderr);
  let cloud: LocalCloud | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    display.finish();
    process.stderr.write(`\n${signal}: stopping every process of the local cloud...\n`);
    try {
      await cloud?.stop();
      process.stderr.write('stopped.\n');
      process.exit(0);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const started = performance.now();
  try {
    cloud = await startLocalCloud({
      rootDir,
      ...(values.services
        ? {
            services: values.services
              .split(',')
              .map((name) => name.trim())
              .filter(Boolean),
          }
        : {}),
      ...(values['service-dir']
        ? { serviceDirs: values['service-dir'].map((dir) => path.resolve(dir)) }
        : {}),
      ...(values['data-dir'] ? { dataDir: path.resolve(values['data-dir']) } : {}),
      ports: values['random-ports'] ? 'random' : portOverrides(values.port),
      fresh: values.fresh,
      tablesInMemory: values['in-memory'],
      ...(values['lambda-concurrency'] === undefined
        ? {}
        : { lambdaConcurrency: wholeNumberOption('lambda-concurrency', values['lambda-concurrency']) }),
      onProgress: (event) => display.update(event),
      log: (line) => {
        display.clear();
        process.stdout.write(line);
      },
      ...(values.quiet
        ? {}
        : {
            onServiceOutput: (service: string, chunk: string) => {
              display.clear();
              process.stdout.write(prefixLines(service, chunk));
            },
          }),
    });
  } catch (error) {
    display.finish();
    process.stderr.write(`\nnpm start failed: ${explain(error)}\n`);
    process.exit(1);
  }
  display.finish();
  if (stopping) return;
  process.stderr.write(`${startupTable(cloud, rootDir, performance.now() - started)}\n`);
  // Start-up leaves garbage V8 keeps resident while the stack idles; `npm start` runs with
  // --expose-gc so it can be handed back (the serverless-offline children do the same).
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    for (const delay of [5_000, 30_000]) setTimeout(collect, delay).unref();
    setInterval(collect, 300_000).unref();
  }
  if (values.stats) {
    setTimeout(() => {
      if (cloud && !stopping)
        process.stderr.write(`\n${formatStats(cloud.stats())}\n(target: at most 2 GB)\n\n`);
    }, IDLE_BEFORE_STATS_MS).unref();
  }
  // Keep running until a signal arrives.
  setInterval(() => undefined, 1 << 30);
}

function portOverrides(entries: string[]): PortOverrides {
  const overrides: PortOverrides = {};
  for (const entry of entries) {
    const [name, value] = entry.split('=');
    const port = Number(value);
    if (!name || !Number.isInteger(port) || port < 1 || port > 65_535)
      throw new Error(`--port expects name=port, got '${entry}'`);
    if (name in INFRASTRUCTURE_PORTS) overrides[name as InfrastructurePort] = port;
    else overrides.services = { ...overrides.services, [name]: port };
  }
  return overrides;
}

function explain(error: unknown): string {
  if (error instanceof LocalCloudConfigErrors) return error.message;
  if (error instanceof PortInUseError) {
    return `${error.message}\n  Find the holder with: ss -ltnp 'sport = :${error.port}'   or pick another port: npm start -- --port ${error.emulator.split(' ')[0]}=<port>`;
  }
  if (
    error instanceof JavaNotFoundError ||
    error instanceof OfflineBuildError ||
    error instanceof OfflineServiceExitedError
  ) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function startupTable(cloud: LocalCloud, rootDir: string, elapsedMs: number): string {
  const { endpoints, plan } = cloud;
  const lines: string[] = [];
  lines.push(
    '',
    `Stratus local cloud ready in ${(elapsedMs / 1000).toFixed(1)} s  (stage local, data in ${path.relative(rootDir, endpoints.dataDir) || '.'})`,
    '',
  );
  lines.push('Services');
  for (const service of Object.values(endpoints.services)) {
    const local = plan.services.find((entry) => entry.dir === service.dir);
    lines.push(
      `  ${service.label.padEnd(16)} ${(service.url ?? '(no functions)').padEnd(24)} ${local ? describeService(local) : ''}`,
    );
    for (const key of service.apiKeys ?? [])
      lines.push(`      x-api-key ${key.value}  (key ${key.name}, plan ${key.plan})`);
    for (const fn of local?.functions ?? []) {
      const routes =
        fn.httpRoutes.length > 0
          ? fn.httpRoutes.join(', ')
          : triggersOf(local!, fn.key).join(', ') || 'invoke only';
      lines.push(`      ${fn.key.padEnd(26)} ${routes}`);
    }
  }
  const warnings = plan.services.flatMap((service) =>
    service.warnings.map((warning) => `  [${service.name}] ${warning}`),
  );
  if (warnings.length > 0) lines.push('', 'Not run locally', ...warnings);
  lines.push('', 'Emulators');
  for (const [name, endpoint] of Object.entries(endpoints.emulators))
    lines.push(`  ${name.padEnd(16)} ${endpoint}`);
  lines.push(`  ${'identity'.padEnd(16)} ${endpoints.identity.issuer}  (JWKS ${endpoints.identity.jwksUrl})`);
  lines.push(
    `  ${'admin'.padEnd(16)} ${endpoints.admin}  (schedule:fire, stats; Lambda Invoke for every function)`,
  );
  lines.push(
    '',
    `Bus: ${endpoints.eventBusName}.  Token: npm run token -- --sub alice --role customer.  Ctrl-C stops everything.`,
  );
  lines.push('Routed events follow, one JSON line each:', '');
  return lines.join('\n');
}

function describeService(service: LocalCloud['plan']['services'][number]): string {
  const parts = [
    service.tables.length ? `${service.tables.length} table(s)` : '',
    service.queues.length ? `${service.queues.length} queue(s)` : '',
    service.rules.length ? `${service.rules.length} rule(s)` : '',
    service.schedules.length ? `${service.schedules.length} schedule(s)` : '',
    service.eventBuses.length ? `bus ${service.eventBuses.map((bus) => bus.name).join(', ')}` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

function triggersOf(service: LocalCloud['plan']['services'][number], functionKey: string): string[] {
  const name = service.functions.find((fn) => fn.key === functionKey)?.name;
  return [
    ...service.sqsTriggers
      .filter((trigger) => trigger.functionKey === functionKey)
      .map((trigger) => `sqs ${trigger.queueName}`),
    ...service.streamTriggers
      .filter((trigger) => trigger.functionKey === functionKey)
      .map((trigger) => `stream ${trigger.tableName}`),
    ...service.schedules
      .filter((schedule) => schedule.target.kind === 'lambda' && schedule.target.functionKey === functionKey)
      .map((schedule) => `schedule ${schedule.expression}`),
    ...service.rules
      .filter((rule) =>
        rule.targets.some((target) => target.kind === 'lambda' && target.functionName === name),
      )
      .map((rule) => `rule ${rule.name}`),
  ];
}

function prefixLines(service: string, chunk: string): string {
  return chunk
    .split('\n')
    .map((line, index, all) => (index === all.length - 1 && line === '' ? '' : `[${service}] ${line}`))
    .join('\n');
}

/** A one-line live status on a terminal (plain lines elsewhere), cleared before other output. */
class ProgressDisplay {
  private readonly states = new Map<string, { status: ProgressEvent['status']; detail?: string }>();
  private readonly tty: boolean;
  private shown = false;
  private done = false;
  private frame = 0;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.tty = stream.isTTY === true;
    this.timer = this.tty ? setInterval(() => this.render(), 120) : undefined;
    this.timer?.unref();
  }

  update(event: ProgressEvent): void {
    const key = `${event.kind}:${event.name}`;
    this.states.set(key, { status: event.status, ...(event.detail ? { detail: event.detail } : {}) });
    if (!this.tty) {
      if (event.status !== 'starting')
        this.stream.write(
          `  ${event.status === 'ready' ? 'ok  ' : 'FAIL'} ${event.name} (${(event.elapsedMs / 1000).toFixed(1)} s)\n`,
        );
      return;
    }
    this.render();
  }

  clear(): void {
    if (this.tty && this.shown) {
      this.stream.write('\r\x1b[2K');
      this.shown = false;
    }
  }

  finish(): void {
    this.clear();
    this.done = true;
    if (this.timer) clearInterval(this.timer);
  }

  private render(): void {
    if (this.done) return;
    const spinner = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[this.frame++ % 10];
    const parts = [...this.states.entries()].map(([key, state]) => {
      const name = key.split(':')[1];
      return state.status === 'ready' ? `${name} ✓` : state.status === 'failed' ? `${name} ✗` : `${name} …`;
    });
    const text = `${spinner} starting: ${parts.join('  ')}`;
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
    this.shown = true;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${explain(error)}\n`);
  process.exit(1);
});

function wholeNumberOption(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`npm start: --${name} takes a whole number of at least 1, got '${text}'\n`);
    process.exit(2);
  }
  return value;
}
