import { parseArgs } from 'node:util';
import { validatePattern } from '../eventbridge/pattern-matcher';
import { defaultDataDir, requireRunning, runningEndpoints } from './local-cloud-address';

const USAGE = `Usage: npm run replay -- --since <time> [--until <time>] [--pattern <json>] [--bus <name>] [--rules a,b]
                         [--endpoint <url> | --data-dir <dir>]

Sends archived events accepted by the local EventBridge in [since, until) through routing again
(marked with replay-name).
  <time>      ISO 8601 (2026-11-27T08:00:00Z) or an age: 30s, 15m, 2h, 1d
  --pattern   only events matching this event pattern, e.g. '{"source":["stratus.orders"]}'
  --bus       only events of this event bus
  --rules     only these rules receive the events
  --endpoint  the local EventBridge; else the one of the stack running on --data-dir, else
              $AWS_ENDPOINT_URL_EVENTBRIDGE, else the one of the running \`npm start\``;

export class ReplayCliError extends Error {}

const AGE = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseTime(text: string, now: Date): Date {
  const age = AGE.exec(text.trim());
  if (age) return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS]);
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new ReplayCliError(`Not a time: ${text} (use ISO 8601 or an age such as 15m)`);
  return date;
}

export interface ReplayCliEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: Date;
  /** Where `npm start` keeps its data (and endpoints.json while running) when --data-dir is not given. */
  readonly defaultDataDir: string;
  readonly write: (line: string) => void;
  readonly writeError: (line: string) => void;
  readonly fetch: typeof fetch;
}

/** Runs the replay command; returns the process exit code (2: bad usage, 1: the replay failed). */
export async function runReplayCli(
  argv: readonly string[],
  environment: ReplayCliEnvironment,
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        pattern: { type: 'string' },
        bus: { type: 'string' },
        rules: { type: 'string' },
        endpoint: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      environment.write(USAGE);
      return 0;
    }
    if (!values.since) throw new ReplayCliError('--since is required');
    let pattern: unknown;
    if (values.pattern !== undefined) {
      const validation = validatePattern(values.pattern);
      if (!validation.valid) throw new ReplayCliError(`--pattern: ${validation.message}`);
      pattern = JSON.parse(values.pattern);
    }
    const body = {
      since: parseTime(values.since, environment.now).toISOString(),
      ...(values.until ? { until: parseTime(values.until, environment.now).toISOString() } : {}),
      ...(pattern === undefined ? {} : { pattern }),
      ...(values.bus ? { eventBusName: values.bus } : {}),
      ...(values.rules ? { rules: values.rules.split(',').map((rule) => rule.trim()) } : {}),
    };
    const endpoint = eventBridgeEndpoint(values.endpoint, values['data-dir'], environment);
    const response = await environment.fetch(new URL('/_local/replay', endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as {
      replayName?: string;
      eventsReplayed?: number;
      message?: string;
    };
    if (!response.ok)
      throw new Error(`The local EventBridge refused the replay: ${result.message ?? response.status}`);
    environment.write(
      `Replayed ${result.eventsReplayed} event(s) accepted since ${body.since}${body.until ? ` until ${body.until}` : ''} as ${result.replayName}`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    environment.writeError(`replay: ${message}`);
    if (error instanceof ReplayCliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      environment.writeError(USAGE);
      return 2;
    }
    return 1;
  }
}

function eventBridgeEndpoint(
  endpoint: string | undefined,
  dataDir: string | undefined,
  environment: ReplayCliEnvironment,
): string {
  if (endpoint) return endpoint;
  if (dataDir) return stackEventBridge(requireRunning(dataDir).emulators.eventbridge, dataDir);
  const fromEnv = environment.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
  if (fromEnv) return fromEnv;
  const running = runningEndpoints(environment.defaultDataDir);
  if (running) return stackEventBridge(running.emulators.eventbridge, environment.defaultDataDir);
  throw new ReplayCliError(
    `No local EventBridge: pass --endpoint or --data-dir, set AWS_ENDPOINT_URL_EVENTBRIDGE, or start the stack with \`npm start\` (no ${environment.defaultDataDir}/endpoints.json)`,
  );
}

function stackEventBridge(endpoint: string | undefined, dataDir: string): string {
  if (!endpoint) throw new Error(`the local cloud running on ${dataDir} has no EventBridge endpoint`);
  return endpoint;
}

if (require.main === module) {
  void runReplayCli(process.argv.slice(2), {
    env: process.env,
    now: new Date(),
    defaultDataDir: defaultDataDir(),
    write: (line) => process.stdout.write(`${line}\n`),
    writeError: (line) => process.stderr.write(`${line}\n`),
    fetch,
  }).then((code) => {
    process.exitCode = code;
  });
}
