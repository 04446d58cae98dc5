import { existsSync, readFileSync } from 'node:fs';
import type { SagaService } from './e2e-settings';
import { sagaStack } from './saga-stack';

/**
 * The structured (JSON) lines a service's handlers logged so far, from the stack's log file,
 * where the global setup writes each service's output prefixed with `[<service>] `. Locally the
 * handlers' logger pretty-prints, so one entry spans lines from `{` to `}`; single-line entries
 * are read too. Used where the only trace of an outcome is the handler's own log line (a payment
 * request that arrives for an order that no longer waits for it is settled without a charge and
 * without an event).
 */
export function serviceLogEntries(
  service: SagaService,
  filter: (entry: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown>[] {
  const file = sagaStack().logFile;
  if (!existsSync(file)) return [];
  const prefix = `[${service}] `;
  const entries: Record<string, unknown>[] = [];
  const take = (text: string) => {
    try {
      const entry = JSON.parse(text) as unknown;
      if (typeof entry === 'object' && entry !== null && filter(entry as Record<string, unknown>))
        entries.push(entry as Record<string, unknown>);
    } catch {
      // Not JSON after all (serverless-offline's own output, or an entry cut by a crash).
    }
  };
  let open: string[] | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const text = line.slice(prefix.length);
    if (open) {
      open.push(text);
      if (text === '}') {
        take(open.join('\n'));
        open = undefined;
      }
    } else if (text === '{') {
      open = [text];
    } else if (text.startsWith('{')) {
      take(text);
    }
  }
  return entries;
}
