import type { WriteStream } from 'node:fs';
import type { LocalCloud } from '@stratus/local-cloud/src/stack/start-local-cloud';

interface RunningStack {
  cloud: LocalCloud;
  dataDir: string;
  log: WriteStream;
}

// Global setup and teardown run in Jest's parent process, in separate module registries: the
// handle lives on globalThis, as in @stratus/local-cloud's own Jest setup.
const HANDLE = '__STRATUS_ORDERS_E2E_STACK__';

export function remember(stack: RunningStack): void {
  (globalThis as Record<string, unknown>)[HANDLE] = stack;
}

export function running(): RunningStack | undefined {
  return (globalThis as Record<string, unknown>)[HANDLE] as RunningStack | undefined;
}

export function forget(): void {
  delete (globalThis as Record<string, unknown>)[HANDLE];
}
