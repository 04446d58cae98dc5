import { readFileSync, readdirSync } from 'node:fs';

export interface ProcessMemory {
  pid: number;
  command: string;
  rssBytes: number;
}

export interface StackMemory {
  totalRssBytes: number;
  processes: ProcessMemory[];
}

/**
 * Resident memory of this process and every process below it (serverless-offline children,
 * esbuild, the DynamoDB Local JVM), read from /proc. Linux only, which is where the figure is set.
 */
export function stackMemory(rootPid: number = process.pid): StackMemory {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const processes: ProcessMemory[] = [];
  const visit = (pid: number) => {
    const memory = memoryOf(pid);
    if (memory) processes.push(memory);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return { totalRssBytes: processes.reduce((sum, entry) => sum + entry.rssBytes, 0), processes };
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command may contain spaces and parentheses; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

function memoryOf(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, command, rssBytes: rss ? Number(rss[1]) * 1024 : 0 };
  } catch {
    return undefined;
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
