import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface ProcessMemory {
  pid: number;
  command: string;
  /** Working directory: tells the serverless-offline process of one service from another's. */
  cwd?: string;
  rssBytes: number;
  /** CPU time used so far (user + system, all threads), for figures per request. */
  cpuMs: number;
}

export interface StackMemory {
  totalRssBytes: number;
  processes: ProcessMemory[];
}

/** Linux's USER_HZ, the unit of the CPU times in /proc/<pid>/stat, is 100 on every platform it supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Resident memory and CPU time of this process and every process below it (serverless-offline children,
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
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime and stime are fields 14 and 15; fields resume after the command's last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return {
      pid,
      command,
      ...cwdOf(pid),
      rssBytes: rss ? Number(rss[1]) * 1024 : 0,
      cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

function cwdOf(pid: number): { cwd?: string } {
  try {
    return { cwd: readlinkSync(`/proc/${pid}/cwd`) };
  } catch {
    return {};
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
