import { parseArgs } from 'node:util';
import { defaultDataDir, postJson, requireRunning, runCli } from './local-cloud-address';

const USAGE = `Usage: npm run replay -- --since <time> [--until <time>] [--pattern <json>] [--bus <name>]

Sends archived events accepted in the window through routing again (marked with replay-name).
<time>: an ISO timestamp (2026-11-27T08:00:00Z) or an age such as 30s, 15m, 2h, 1d.
--pattern: an event pattern; only matching events are replayed, e.g. '{"source":["stratus.orders"]}'.`;

export function parseTime(text: string, now: Date = new Date()): Date {
  const age = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (age) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[age[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(age[1]) * unit);
  }
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new Error(`'${text}' is neither an ISO time nor an age like 15m`);
  return time;
}

if (require.main === module) {
  runCli(async () => {
    const { values } = parseArgs({
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        pattern: { type: 'string' },
        bus: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help || values.since === undefined) {
      process.stdout.write(`${USAGE}\n`);
      if (!values.help) process.exitCode = 1;
      return;
    }
    let pattern: unknown;
    if (values.pattern !== undefined) {
      try {
        pattern = JSON.parse(values.pattern);
      } catch (error) {
        throw new Error(`--pattern is not JSON: ${(error as Error).message}`);
      }
    }
    const endpoints = requireRunning(values['data-dir'] ?? defaultDataDir());
    const eventbridge = endpoints.emulators.eventbridge;
    if (!eventbridge) throw new Error('the running local cloud has no EventBridge endpoint');
    const result = (await postJson(`${eventbridge}/_local/replay`, {
      since: parseTime(values.since).toISOString(),
      ...(values.until === undefined ? {} : { until: parseTime(values.until).toISOString() }),
      ...(pattern === undefined ? {} : { pattern }),
      ...(values.bus === undefined ? {} : { eventBusName: values.bus }),
    })) as { replayName: string; eventsReplayed: number };
    process.stdout.write(`replayed ${result.eventsReplayed} event(s) as ${result.replayName}\n`);
  });
}
