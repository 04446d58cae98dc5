import { parseArgs } from 'node:util';
import { validatePattern } from './pattern-matcher';

const USAGE = `Usage: npm run replay -- --since <time> [--until <time>] [--pattern <json>] [--bus <name>] [--rules a,b] [--endpoint <url>]

Sends archived events accepted by the local EventBridge in [since, until) through routing again.
  <time>      ISO 8601 (2024-05-01T10:00:00Z) or an age: 30s, 15m, 2h, 1d
  --pattern   only events matching this EventBridge event pattern
  --bus       only events of this event bus
  --rules     only these rules receive the events
  --endpoint  the local EventBridge (default: $AWS_ENDPOINT_URL_EVENTBRIDGE)`;

export class ReplayCliError extends Error {}

const AGE = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseTime(text: string, now: Date): Date {
  const age = AGE.exec(text);
  if (age) return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS]);
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new ReplayCliError(`Not a time: ${text} (use ISO 8601 or an age such as 15m)`);
  return date;
}

export interface ReplayCliEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: Date;
  readonly write: (line: string) => void;
  readonly fetch: typeof fetch;
}

/** Runs the replay command; returns the process exit code. */
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
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      environment.write(USAGE);
      return 0;
    }
    if (!values.since) throw new ReplayCliError('--since is required');
    const endpoint = values.endpoint ?? environment.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
    if (!endpoint) {
      throw new ReplayCliError(
        'No endpoint: pass --endpoint or set AWS_ENDPOINT_URL_EVENTBRIDGE to the local EventBridge',
      );
    }
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
      throw new ReplayCliError(
        `The local EventBridge refused the replay: ${result.message ?? response.status}`,
      );
    environment.write(
      `Replayed ${result.eventsReplayed} event(s) accepted since ${body.since}${body.until ? ` until ${body.until}` : ''} as ${result.replayName}`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    environment.write(`replay: ${message}`);
    if (error instanceof ReplayCliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      environment.write(USAGE);
      return 2;
    }
    return 1;
  }
}

if (process.argv[1] && /replay-cli\.[cm]?[jt]s$/.test(process.argv[1])) {
  void runReplayCli(process.argv.slice(2), {
    env: process.env,
    now: new Date(),
    write: (line) => process.stdout.write(`${line}\n`),
    fetch,
  }).then((code) => {
    process.exitCode = code;
  });
}
