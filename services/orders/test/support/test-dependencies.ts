import { randomUUID } from 'node:crypto';
import type { OrderSettings, OrdersDependencies } from '../../src/application/orders-dependencies';
import { MemoryOrderStore } from './memory-order-store';

export interface TestClock {
  now(): Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-11-27T09:15:00.000Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => void (current = new Date(at)),
    advance: (ms) => void (current = new Date(current.getTime() + ms)),
  };
}

export interface TestDependencies extends OrdersDependencies {
  store: MemoryOrderStore;
  clock: TestClock;
}

export function testDependencies(): TestDependencies {
  return { store: new MemoryOrderStore(), clock: testClock(), ids: { newId: () => randomUUID() } };
}

export const testSettings: OrderSettings = { pendingTimeoutSeconds: 300, idempotencyKeySeconds: 86_400 };
