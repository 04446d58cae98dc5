import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventBridgeClient, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import {
  type RunningEventBridge,
  matchesPattern,
  parseJsonPreservingNumbers,
  startEventBridge,
} from '../../src/eventbridge';
import { eventBridgeClient } from './support';

interface ConformanceCase {
  name: string;
  /** Where the documentation states the behaviour. */
  docRef: string;
  /** An object, or JSON text where the case needs it (e.g. a key given twice). */
  pattern: unknown;
  event: Record<string, unknown>;
  matches: boolean;
}

// Parsed keeping number text: 300.0 and 3.0e2 must reach the matcher and the wire as written.
const cases = parseJsonPreservingNumbers(
  readFileSync(join(__dirname, '../fixtures/eventbridge/conformance-cases.json'), 'utf8'),
) as ConformanceCase[];
const table = cases.map((c) => [c.name, c] as const);
const patternText = (pattern: unknown) => (typeof pattern === 'string' ? pattern : JSON.stringify(pattern));

describe('conformance cases', () => {
  it('hold at least 100 documented cases, with non-matching ones, each with a doc reference', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.filter((c) => !c.matches).length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(c.docRef).toMatch(/^https:\/\/\S+ § .+/);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

describe('conformance: pattern matcher', () => {
  it.each(table)('%s', (_name, c) => {
    expect(matchesPattern(c.pattern, c.event)).toBe(c.matches);
  });

  it.each(table)('as JSON text: %s', (_name, c) => {
    expect(matchesPattern(patternText(c.pattern), JSON.stringify(c.event))).toBe(c.matches);
  });
});

describe('conformance: TestEventPattern over the wire', () => {
  let eventBridge: RunningEventBridge;
  let client: EventBridgeClient;

  beforeAll(async () => {
    eventBridge = await startEventBridge({ port: 0, log: () => undefined });
    client = eventBridgeClient(eventBridge.endpoint);
  });

  afterAll(async () => {
    client.destroy();
    await eventBridge.stop();
  });

  it.each(table)('%s', async (_name, c) => {
    const { Result } = await client.send(
      new TestEventPatternCommand({ EventPattern: patternText(c.pattern), Event: JSON.stringify(c.event) }),
    );
    expect(Result).toBe(c.matches);
  });
});
