/**
 * `npm run bench:bus` — how fast the local EventBridge routes events to an SQS target.
 *
 *   npx tsx shared/local-cloud/bench/bus.bench.ts [--events 5000] [--concurrency 4] [--latency-batches 100]
 *
 * The main thread is the local cloud: the SQS emulator (`startSqs`, local-aws-sqs) and the
 * local EventBridge delivering to it through the SDK, as `npm start` runs them. A worker
 * thread plays the services around it with SDK clients — publishers and a consumer — so their
 * SDK work does not count against the bus. Printed, from one run:
 * - events routed per second: PutEvents in 10-entry batches until the last event is received
 *   from the target queue;
 * - the raw SendMessageBatch rate of the same emulator from the same worker, and the ratio;
 * - median and p95 time from a PutEvents response to its event being received from the queue,
 *   at a moderate pace (one 10-entry batch every 20 ms);
 * - CPU time of the main thread (bus + emulator) per 1000 events in each phase, which stays
 *   comparable when other processes load the machine and the rates do not.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { startSqs } from '../src/emulators/sqs';
import { type RouteOutcome, startEventBridge } from '../src/eventbridge';

const BATCH = 10;
const TARGETS = { eventsPerSecond: 500, medianMs: 20 };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

interface ClientJob {
  readonly eventBridgeEndpoint: string;
  readonly sqsEndpoint: string;
  readonly events: number;
  readonly concurrency: number;
  readonly latencyBatches: number;
}

interface ClientResult {
  readonly busRate: number;
  readonly rawRate: number;
  readonly latencies: number[];
}

type WorkerMessage = { type: 'mark'; name: string } | { type: 'result'; result: ClientResult };

/** Tells the main thread a phase starts or ends, so it can account its own CPU time. */
const mark = (name: string) => parentPort?.postMessage({ type: 'mark', name } satisfies WorkerMessage);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Runs `task(i)` for i in [0, count) with at most `limit` in flight. */
async function pool(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/**
 * Receives (and deletes) until `expected` messages arrived, calling `onMessage` with the
 * arrival time. Long polls for up to 10 messages; the emulator answers as soon as any is there.
 */
async function drain(
  sqs: SQSClient,
  queueUrl: string,
  expected: number,
  receivers: number,
  onMessage: (body: string, at: number) => void,
): Promise<void> {
  let received = 0;
  await Promise.all(
    Array.from({ length: receivers }, async () => {
      while (received < expected) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        const at = performance.now();
        for (const message of Messages) onMessage(message.Body ?? '', at);
        received += Messages.length;
        if (Messages.length > 0) {
          void sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: Messages.map((message, i) => ({
                Id: String(i),
                ReceiptHandle: message.ReceiptHandle ?? '',
              })),
            }),
          );
        }
      }
    }),
  );
}

/** The worker: publishers and a consumer, all through the AWS SDK. */
async function runClients(job: ClientJob): Promise<ClientResult> {
  const sqs = new SQSClient({ endpoint: job.sqsEndpoint, region: 'us-east-1', credentials });
  const events = new EventBridgeClient({
    endpoint: job.eventBridgeEndpoint,
    region: 'us-east-1',
    credentials,
  });
  try {
    const queue = async (name: string) =>
      (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
    const rawQueue = await queue('bench-raw');
    const busQueue = await queue('bench-bus');
    const detail = (seq: number) =>
      JSON.stringify({ seq, orderId: `o-${seq}`, items: [{ sku: 'SKU-1', qty: 2 }], total: 42.5 });
    const entries = (batch: number) =>
      Array.from({ length: BATCH }, (_, i) => ({
        Source: 'bench',
        DetailType: 'OrderPlaced',
        Detail: detail(batch * BATCH + i),
      }));
    const batches = Math.ceil(job.events / BATCH);

    // Warm-up: connections, JIT, the bus's queue URL look-up.
    await events.send(new PutEventsCommand({ Entries: entries(0) }));
    await drain(sqs, busQueue, BATCH, 4, () => undefined);

    // 1. Raw SendMessageBatch rate of the emulator.
    mark('raw-start');
    let started = performance.now();
    await pool(batches, job.concurrency, (batch) =>
      sqs
        .send(
          new SendMessageBatchCommand({
            QueueUrl: rawQueue,
            Entries: Array.from({ length: BATCH }, (_, i) => ({
              Id: String(i),
              MessageBody: detail(batch * BATCH + i),
            })),
          }),
        )
        .then(() => undefined),
    );
    const rawRate = (batches * BATCH) / ((performance.now() - started) / 1000);
    mark('raw-end');

    // 2. Throughput through the bus, measured where the events arrive.
    mark('bus-start');
    started = performance.now();
    let lastArrival = started;
    const receiving = drain(sqs, busQueue, batches * BATCH, 2, (_body, at) => (lastArrival = at));
    await pool(batches, job.concurrency, (batch) =>
      events.send(new PutEventsCommand({ Entries: entries(batch) })).then((result) => {
        if (result.FailedEntryCount)
          throw new Error(`PutEvents failed entries: ${JSON.stringify(result.Entries)}`);
      }),
    );
    await receiving;
    mark('bus-end');
    const busRate = (batches * BATCH) / ((lastArrival - started) / 1000);

    // 3. Latency from the PutEvents response to the event being received, at a moderate pace.
    const respondedAt = new Map<number, number>();
    const latencies: number[] = [];
    const firstLatencyBatch = batches + 1;
    const latencyReceiving = drain(sqs, busQueue, job.latencyBatches * BATCH, 12, (body, at) => {
      const seq = (JSON.parse(body) as { detail: { seq: number } }).detail.seq;
      const responded = respondedAt.get(Math.floor(seq / BATCH));
      // A message can arrive before its PutEvents response is handled here: that counts as 0.
      latencies.push(responded === undefined ? 0 : Math.max(0, at - responded));
    });
    for (let batch = firstLatencyBatch; batch < firstLatencyBatch + job.latencyBatches; batch++) {
      await events.send(new PutEventsCommand({ Entries: entries(batch) }));
      respondedAt.set(batch, performance.now());
      await sleep(20);
    }
    await latencyReceiving;
    return { busRate, rawRate, latencies };
  } finally {
    events.destroy();
    sqs.destroy();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '4' },
      'latency-batches': { type: 'string', default: '100' },
    },
  });
  const sqsEmulator = await startSqs({ port: 0 });
  const outcomes = new Map<RouteOutcome, number>();
  const eventBridge = await startEventBridge({
    port: 0,
    targets: { sqs: sqsEmulator.endpoint },
    log: (entry) => outcomes.set(entry.outcome, (outcomes.get(entry.outcome) ?? 0) + 1),
  });
  try {
    eventBridge.bus.putRule({ Name: 'bench', EventPattern: '{"source":["bench"]}' });
    eventBridge.bus.putTargets({
      Rule: 'bench',
      Targets: [{ Id: 'queue', Arn: sqsEmulator.queueArn('bench-bus') }],
    });
    const job: ClientJob = {
      eventBridgeEndpoint: eventBridge.endpoint,
      sqsEndpoint: sqsEmulator.endpoint,
      events: Number(values.events),
      concurrency: Number(values.concurrency),
      latencyBatches: Number(values['latency-batches']),
    };
    // The worker runs this same file (tsx's loader is inherited through execArgv).
    const worker = new Worker(__filename, { workerData: job });
    // Main-thread CPU (bus + SQS emulator) per phase: unlike rates, it barely moves when other
    // processes compete for the machine's cores.
    const cpuAt = new Map<string, number>();
    const result = await new Promise<ClientResult>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'mark') {
          const { user, system } = process.threadCpuUsage();
          cpuAt.set(message.name, (user + system) / 1000);
        } else resolve(message.result);
      });
      worker.once('error', reject);
    });
    await worker.terminate();
    const cpuMs = (phase: string) =>
      (cpuAt.get(`${phase}-end`) ?? NaN) - (cpuAt.get(`${phase}-start`) ?? NaN);
    const perThousand = (ms: number) => (ms / job.events) * 1000;

    const sorted = [...result.latencies].sort((a, b) => a - b);
    const median = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const rows: Array<[string, string, string]> = [
      [
        'events routed/s (PutEvents x10 -> SQS, received)',
        result.busRate.toFixed(0),
        `>= ${TARGETS.eventsPerSecond}`,
      ],
      ['raw SQS SendMessageBatch msgs/s (same emulator)', result.rawRate.toFixed(0), '-'],
      ['ratio bus / raw SQS', (result.busRate / result.rawRate).toFixed(2), '-'],
      ['median PutEvents response -> received (ms)', median.toFixed(1), `<= ${TARGETS.medianMs}`],
      ['p95 PutEvents response -> received (ms)', p95.toFixed(1), '-'],
      ['main-thread CPU ms per 1000 events, bus phase', perThousand(cpuMs('bus')).toFixed(0), '-'],
      ['main-thread CPU ms per 1000 messages, raw phase', perThousand(cpuMs('raw')).toFixed(0), '-'],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    console.log(
      `\nlocal EventBridge -> SQS: ${job.events} events, ${job.concurrency} PutEvents in flight, node ${process.version}, ` +
        `${availableParallelism()} cores, load average ${loadavg()
          .map((load) => load.toFixed(1))
          .join(' ')}`,
    );
    console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(8)}  target`);
    for (const [name, value, target] of rows)
      console.log(`${name.padEnd(width)}  ${value.padStart(8)}  ${target}`);
    console.log(
      `deliveries: ${JSON.stringify(Object.fromEntries(outcomes))}; latency samples: ${sorted.length}`,
    );
    const pass = result.busRate >= TARGETS.eventsPerSecond && median <= TARGETS.medianMs;
    console.log(pass ? 'targets met' : 'TARGETS NOT MET');
    process.exitCode = pass ? 0 : 1;
  } finally {
    await eventBridge.stop();
    await sqsEmulator.stop();
  }
}

if (isMainThread) {
  void main();
} else {
  void runClients(workerData as ClientJob).then((result) =>
    parentPort?.postMessage({ type: 'result', result } satisfies WorkerMessage),
  );
}
