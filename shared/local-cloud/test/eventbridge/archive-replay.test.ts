import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type RunningEventBridge, startEventBridge } from '../../src/eventbridge';
import { parseTime, runReplayCli } from '../../src/cli/replay';
import { QUEUE_ARN, RecordingInvoker, eventBridgeClient } from './support';

describe('archive and replay', () => {
  let dataDir: string;
  let now: number;
  let eventBridge: RunningEventBridge;
  let client: EventBridgeClient;
  let invoker: RecordingInvoker;

  const start = async () => {
    invoker = new RecordingInvoker();
    eventBridge = await startEventBridge({
      port: 0,
      dataDir,
      invoker,
      log: () => undefined,
      now: () => new Date(now),
    });
    eventBridge.bus.putRule({ Name: 'orders', EventPattern: '{"source":["stratus.orders"]}' });
    eventBridge.bus.putTargets({ Rule: 'orders', Targets: [{ Id: 'q', Arn: QUEUE_ARN }] });
    client = eventBridgeClient(eventBridge.endpoint);
  };
  const stop = async () => {
    client.destroy();
    await eventBridge.stop();
  };
  const publish = async (at: string, detailType: string, detail: string) => {
    now = Date.parse(at);
    await client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'stratus.orders', DetailType: detailType, Detail: detail }],
      }),
    );
  };
  const replayedOrderIds = () =>
    invoker.invocations
      .filter((invocation) => invocation.event['replay-name'] !== undefined)
      .map((invocation) => (invocation.event.detail as { orderId: string }).orderId);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eventbridge-archive-'));
    await start();
    await publish('2024-05-01T10:00:00.000Z', 'OrderPlaced', '{"orderId":"o-1","total":10}');
    await publish('2024-05-01T10:05:00.000Z', 'OrderPlaced', '{"orderId":"o-2","total":300.0}');
    await publish('2024-05-01T10:10:00.000Z', 'OrderCancelled', '{"orderId":"o-3"}');
    await eventBridge.bus.idle();
  });

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    invoker.invocations.length = 0;
  });

  it('appends every accepted event to a JSON lines archive in the data directory', async () => {
    await eventBridge.archive?.flush();
    const lines = readFileSync(join(dataDir, 'eventbridge', 'archive.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0] ?? '');
    expect(first).toMatchObject({
      ingestedAt: '2024-05-01T10:00:00.000Z',
      eventBusName: 'default',
      event: { source: 'stratus.orders', 'detail-type': 'OrderPlaced', detail: { orderId: 'o-1' } },
    });
    expect(lines[1]).toContain('"total":300.0');
  });

  it('replays a window through routing, marking events with replay-name', async () => {
    now = Date.parse('2024-05-01T11:00:00.000Z');
    const result = await eventBridge.bus.replay({
      since: new Date('2024-05-01T10:05:00.000Z'),
      until: new Date('2024-05-01T10:10:00.000Z'),
      replayName: 'fix-o-2',
    });
    await eventBridge.bus.idle();
    expect(result).toEqual({ replayName: 'fix-o-2', eventsReplayed: 1 });
    expect(replayedOrderIds()).toEqual(['o-2']);
    expect(invoker.invocations[0]?.payload).toContain('"replay-name":"fix-o-2"');
    expect(invoker.invocations[0]?.payload).toContain('"total":300.0');
  });

  it('replays only the events matching a pattern', async () => {
    const result = await eventBridge.bus.replay({
      since: new Date('2024-05-01T00:00:00Z'),
      pattern: { 'detail-type': ['OrderPlaced'] },
    });
    await eventBridge.bus.idle();
    expect(result.eventsReplayed).toBe(2);
    expect(replayedOrderIds()).toEqual(['o-1', 'o-2']);
  });

  it('does not archive replayed events again', async () => {
    await eventBridge.archive?.flush();
    expect(
      readFileSync(join(dataDir, 'eventbridge', 'archive.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
  });

  it('replays through the admin endpoint with the replay command', async () => {
    const output: string[] = [];
    const code = await runReplayCli(
      ['--since', '2024-05-01T10:10:00Z', '--pattern', '{"detail-type":["OrderCancelled"]}'],
      {
        env: { AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint },
        now: new Date(),
        defaultDataDir: dataDir,
        write: (line) => output.push(line),
        writeError: (line) => output.push(line),
        fetch,
      },
    );
    await eventBridge.bus.idle();
    expect(code).toBe(0);
    expect(output.join('\n')).toMatch(
      /^Replayed 1 event\(s\) accepted since 2024-05-01T10:10:00.000Z as local-replay-/,
    );
    expect(replayedOrderIds()).toEqual(['o-3']);
  });

  it('keeps the archive across restarts', async () => {
    await stop();
    await start();
    const result = await eventBridge.bus.replay({ since: new Date('2024-05-01T00:00:00Z') });
    await eventBridge.bus.idle();
    expect(result.eventsReplayed).toBe(3);
    expect(replayedOrderIds()).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('refuses a replay request without since', async () => {
    const response = await fetch(`${eventBridge.endpoint}/_local/replay`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'since is required.' });
  });
});

describe('replay command', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'replay-cli-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const environment = (
    fetchImpl: typeof fetch = fetch,
    env: Record<string, string> = {},
    defaultDataDir = join(scratch, 'no-stack'),
  ) => {
    const output: string[] = [];
    return {
      output,
      env: {
        env,
        now: new Date('2024-05-01T12:00:00Z'),
        defaultDataDir,
        write: (line: string) => output.push(line),
        writeError: (line: string) => output.push(line),
        fetch: fetchImpl,
      },
    };
  };

  /** A bus stand-in that records where the command posted and answers like the local EventBridge. */
  const recordingBus = () => {
    const urls: string[] = [];
    const fetchImpl: typeof fetch = async (input) => {
      urls.push(String(input));
      return Response.json({ replayName: 'local-replay-test', eventsReplayed: 0 });
    };
    return { urls, fetchImpl };
  };

  const runningStackIn = (dir: string, eventbridge: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'endpoints.json'), JSON.stringify({ emulators: { eventbridge } }));
  };

  it('finds the bus of the stack running on --data-dir, before AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
    runningStackIn(join(scratch, 'stack'), 'http://127.0.0.1:4999');
    const bus = recordingBus();
    const run = environment(bus.fetchImpl, { AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:4998' });
    expect(await runReplayCli(['--since', '1h', '--data-dir', join(scratch, 'stack')], run.env)).toBe(0);
    expect(bus.urls).toEqual(['http://127.0.0.1:4999/_local/replay']);
    expect(run.output).toEqual([
      'Replayed 0 event(s) accepted since 2024-05-01T11:00:00.000Z as local-replay-test',
    ]);
  });

  it('falls back to the stack running on the default data dir when nothing names a bus', async () => {
    runningStackIn(join(scratch, 'default'), 'http://127.0.0.1:4997');
    const bus = recordingBus();
    const run = environment(bus.fetchImpl, {}, join(scratch, 'default'));
    expect(await runReplayCli(['--since', '1h'], run.env)).toBe(0);
    expect(bus.urls).toEqual(['http://127.0.0.1:4997/_local/replay']);
  });

  it('reports a --data-dir with no running stack', async () => {
    const run = environment(recordingBus().fetchImpl);
    expect(await runReplayCli(['--since', '1h', '--data-dir', join(scratch, 'empty')], run.env)).toBe(1);
    expect(run.output[0]).toContain('the local cloud is not running');
  });

  it('reads ages relative to now and ISO times', () => {
    const now = new Date('2024-05-01T12:00:00Z');
    expect(parseTime('15m', now).toISOString()).toBe('2024-05-01T11:45:00.000Z');
    expect(parseTime('2h', now).toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(parseTime('1d', now).toISOString()).toBe('2024-04-30T12:00:00.000Z');
    expect(parseTime('2024-05-01T10:00:00Z', now).toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(() => parseTime('yesterday', now)).toThrow('Not a time: yesterday');
  });

  it('requires --since and an endpoint, and validates the pattern before calling the bus', async () => {
    const noSince = environment();
    expect(await runReplayCli(['--endpoint', 'http://127.0.0.1:1'], noSince.env)).toBe(2);
    expect(noSince.output[0]).toBe('replay: --since is required');

    const noEndpoint = environment();
    expect(await runReplayCli(['--since', '1h'], noEndpoint.env)).toBe(2);
    expect(noEndpoint.output[0]).toContain('AWS_ENDPOINT_URL_EVENTBRIDGE');

    const calls: unknown[] = [];
    const badPattern = environment(async (...args) => {
      calls.push(args);
      throw new Error('must not be called');
    });
    expect(
      await runReplayCli(
        ['--since', '1h', '--endpoint', 'http://127.0.0.1:1', '--pattern', '{"source":"x"}'],
        badPattern.env,
      ),
    ).toBe(2);
    expect(badPattern.output[0]).toContain('Event pattern is not valid');
    expect(calls).toHaveLength(0);
  });

  it('reports an unreachable bus with exit code 1', async () => {
    const unreachable = environment();
    expect(await runReplayCli(['--since', '1h', '--endpoint', 'http://127.0.0.1:9'], unreachable.env)).toBe(
      1,
    );
    expect(unreachable.output[0]).toMatch(/^replay: /);
  });
});
