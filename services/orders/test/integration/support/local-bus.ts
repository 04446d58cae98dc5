import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { startEventBridge, type RunningEventBridge } from '@stratus/local-cloud/src/eventbridge';

export interface CapturedBus {
  bus: RunningEventBridge;
  busName: string;
  /** EventBridge events delivered to the capturing rule, as a rule's target receives them. */
  delivered: {
    'detail-type': string;
    detail: {
      metadata: { eventId: string; correlationId: string; causationId?: string };
      data: Record<string, unknown>;
    };
  }[];
  stop(): Promise<void>;
}

/** The local EventBridge on a random port with one bus and a rule capturing every event matching `pattern`. */
export async function startCapturedBus(pattern: Record<string, unknown>): Promise<CapturedBus> {
  const busName = 'stratus-test';
  const delivered: CapturedBus['delivered'] = [];
  const bus = await startEventBridge({
    port: 0,
    eventBuses: [busName],
    invoker: {
      invoke: async (invocation) => {
        delivered.push(JSON.parse(invocation.payload) as CapturedBus['delivered'][number]);
      },
      sendToDeadLetterQueue: async () => undefined,
    },
  });
  const client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new PutRuleCommand({ Name: 'capture', EventBusName: busName, EventPattern: JSON.stringify(pattern) }),
  );
  await client.send(
    new PutTargetsCommand({
      Rule: 'capture',
      EventBusName: busName,
      Targets: [{ Id: 'capture', Arn: 'arn:aws:sqs:us-east-1:000000000000:capture' }],
    }),
  );
  client.destroy();
  return { bus, busName, delivered, stop: () => bus.stop() };
}

/** Waits until `predicate` holds (deliveries and stream records arrive asynchronously). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
