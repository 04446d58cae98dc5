import path from 'node:path';

/** One process of the running stack as the local cloud's stats endpoint lists it. */
export interface StackProcess {
  pid: number;
  command: string;
  cwd?: string;
  cpuMs: number;
}

/** CPU time used so far, summed per part of the stack (see `partOf`). */
export type CpuByPart = Map<string, number>;

/**
 * Which part of the local stack a process is: a service's functions (its serverless-offline
 * process and worker threads), DynamoDB Local, the bundler, or `npm start` itself, which runs
 * SQS, the bus, the triggers and the usage-plan proxy in one Node process.
 */
export function partOf(entry: StackProcess): string {
  const { command } = entry;
  if (command.includes('DynamoDBLocal')) return 'DynamoDB Local';
  if (command.includes('esbuild')) return 'bundler';
  if (command.includes(' offline start')) {
    return entry.cwd ? `${path.basename(entry.cwd)} functions` : 'functions';
  }
  if (command.includes('start.ts')) return 'npm start (SQS, bus, triggers, API keys)';
  return 'other';
}

export function cpuByPart(processes: readonly StackProcess[]): CpuByPart {
  const parts: CpuByPart = new Map();
  for (const entry of processes) parts.set(partOf(entry), (parts.get(partOf(entry)) ?? 0) + entry.cpuMs);
  return parts;
}

/** CPU milliseconds per request of each part between two readings, largest first; parts under 0.05 ms left out. */
export function cpuPerRequest(
  before: CpuByPart,
  after: CpuByPart,
  requests: number,
): { part: string; msPerRequest: number }[] {
  if (!Number.isInteger(requests) || requests < 1)
    throw new Error(`CPU per request needs at least one request, got ${requests}`);
  return [...after]
    .map(([part, cpuMs]) => ({ part, msPerRequest: (cpuMs - (before.get(part) ?? 0)) / requests }))
    .filter((entry) => entry.msPerRequest >= 0.05)
    .sort((a, b) => b.msPerRequest - a.msPerRequest);
}

export function formatCpuPerRequest(label: string, rows: { part: string; msPerRequest: number }[]): string {
  const total = rows.reduce((sum, row) => sum + row.msPerRequest, 0);
  return `  ${label}: ${total.toFixed(1)} ms in all = ${rows.map((row) => `${row.part} ${row.msPerRequest.toFixed(1)}`).join(', ')}`;
}

/** Reads the stack's processes from the local cloud's admin endpoint (`/_local/stats`). */
export async function readStackCpu(adminUrl: string): Promise<CpuByPart> {
  const response = await fetch(`${adminUrl}/_local/stats`);
  if (!response.ok) throw new Error(`${adminUrl}/_local/stats answered ${response.status}`);
  const body = (await response.json()) as { processes?: StackProcess[] };
  if (!Array.isArray(body.processes) || body.processes.some((entry) => typeof entry.cpuMs !== 'number'))
    throw new Error(
      `${adminUrl}/_local/stats lists no CPU times: the running stack is older than this benchmark; restart npm start`,
    );
  return cpuByPart(body.processes);
}
