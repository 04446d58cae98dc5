import { formatBytes } from '../stack/memory';
import type { StackMemory } from '../stack/memory';

/** A table of the stack's processes by resident memory, largest first. */
export function formatStats(stats: StackMemory): string {
  const rows = [...stats.processes]
    .sort((a, b) => b.rssBytes - a.rssBytes)
    .filter((entry) => entry.rssBytes >= 5 * 1024 * 1024);
  return [
    `Whole-stack resident memory: ${formatBytes(stats.totalRssBytes)} in ${stats.processes.length} processes`,
    ...rows.map(
      (entry) =>
        `  ${formatBytes(entry.rssBytes).padStart(8)}  ${String(entry.pid).padStart(7)}  ${entry.command.replace(/\s+/g, ' ').slice(0, 110)}`,
    ),
  ].join('\n');
}
