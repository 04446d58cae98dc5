import { cpuByPart, cpuPerRequest, formatCpuPerRequest, partOf } from '../src/flash-sale/stack-cpu';
import type { StackProcess } from '../src/flash-sale/stack-cpu';

const node = '/work/main/node_modules/node/bin/node';
const processes: StackProcess[] = [
  { pid: 10, command: `${node} --require preflight.cjs shared/local-cloud/src/cli/start.ts`, cpuMs: 1_000 },
  {
    pid: 11,
    command: `${node} --expose-gc --require offline-preload.cjs serverless.js offline start --stage local`,
    cwd: '/work/main/services/orders',
    cpuMs: 5_000,
  },
  {
    pid: 12,
    command: `${node} --expose-gc --require offline-preload.cjs serverless.js offline start --stage local`,
    cwd: '/work/main/services/inventory',
    cpuMs: 2_000,
  },
  { pid: 13, command: '/usr/bin/java -XX:+UseSerialGC -jar DynamoDBLocal.jar -port 8000', cpuMs: 3_000 },
  { pid: 14, command: '/work/main/node_modules/@esbuild/linux-x64/bin/esbuild --service=0.28.2', cpuMs: 400 },
  { pid: 15, command: '/bin/sh -c exec java', cpuMs: 0 },
];

describe('the stack CPU figures of bench:flash-sale', () => {
  it('names each process by the part of the stack it is', () => {
    expect(processes.map(partOf)).toEqual([
      'npm start (SQS, bus, triggers, API keys)',
      'orders functions',
      'inventory functions',
      'DynamoDB Local',
      'bundler',
      'other',
    ]);
  });

  it('gives CPU per request of each part between two readings, largest first, leaving out idle parts', () => {
    const before = cpuByPart(processes);
    const usedSince: Record<number, number> = { 10: 200, 11: 900, 13: 500, 14: 1 };
    const after = cpuByPart(
      processes.map((entry) => ({ ...entry, cpuMs: entry.cpuMs + (usedSince[entry.pid] ?? 0) })),
    );
    const rows = cpuPerRequest(before, after, 100);
    expect(rows).toEqual([
      { part: 'orders functions', msPerRequest: 9 },
      { part: 'DynamoDB Local', msPerRequest: 5 },
      { part: 'npm start (SQS, bus, triggers, API keys)', msPerRequest: 2 },
    ]);
    expect(formatCpuPerRequest('POST /orders', rows)).toBe(
      '  POST /orders: 16.0 ms in all = orders functions 9.0, DynamoDB Local 5.0, npm start (SQS, bus, triggers, API keys) 2.0',
    );
  });

  it('counts a part that appeared between the readings from zero', () => {
    const later = cpuByPart([
      ...processes,
      { pid: 20, command: 'x offline start', cwd: '/s/media', cpuMs: 50 },
    ]);
    expect(cpuPerRequest(cpuByPart(processes), later, 10)).toEqual([
      { part: 'media functions', msPerRequest: 5 },
    ]);
  });

  it('refuses a reading over no requests', () => {
    expect(() => cpuPerRequest(new Map(), new Map(), 0)).toThrow(/at least one request/);
  });
});
