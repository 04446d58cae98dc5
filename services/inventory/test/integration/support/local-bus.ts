import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { startEventBridge, type RunningEventBridge } from '@stratus/local-cloud/src/eventbridge';

export interface CapturedBus {
  bus: RunningEventBridge;
  busName: string;
  /** EventBridge events delivered to the capturing rule, as their targets receive them. */
  delivered: Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * The local EventBridge on a random port with one bus and a rule that matches `pattern` and
 * hands every matching event to a capturing target: what a consumer of the bus would receive.
 */
export async function startCapturedBus(pattern: Record<string, unknown>): Promise<CapturedBus> {
  const busName = 'stratus-test';
  const delivered: Record<string, unknown>[] = [];
  const bus = await startEventBridge({
    port: 0,
    eventBuses: [busName],
    invoker: {
      invoke: async (invocation) => {
        delivered.push(JSON.parse(invocation.payload) as Record<string, unknown>);
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

/** Waits until `count` events were delivered (delivery is asynchronous after PutEvents). */
export async function waitForDeliveries(
  captured: CapturedBus,
  count: number,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (captured.delivered.length < count) {
    if (Date.now() > deadline)
      throw new Error(`expected ${count} deliveries, got ${captured.delivered.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
