import { startEventBridge, type RunningEventBridge } from '../eventbridge';
import { eventually, type EventuallyOptions } from './eventually';

/** An event as a rule's target receives it: the EventBridge envelope around `detail`. */
export interface DeliveredEvent<TDetail = unknown> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
  'replay-name'?: string;
}

export interface CapturingEventBus<TDetail = unknown> {
  /** The running local EventBridge; point `AWS_ENDPOINT_URL_EVENTBRIDGE` at `endpoint`. */
  readonly eventBridge: RunningEventBridge;
  readonly endpoint: string;
  /** The bus the capturing rule listens on; what `EVENT_BUS_NAME` should hold. */
  readonly busName: string;
  /** Events delivered to the capturing rule so far, in delivery order. */
  readonly delivered: DeliveredEvent<TDetail>[];
  /** Waits until at least `count` events were delivered (delivery is asynchronous after PutEvents). */
  waitForDeliveries(count: number, options?: EventuallyOptions): Promise<DeliveredEvent<TDetail>[]>;
  /** Forgets what was delivered so far (between tests). */
  clear(): void;
  stop(): Promise<void>;
}

export interface CapturingEventBusOptions {
  /** Default `stratus-test`. */
  busName?: string;
}

const CAPTURE = 'capture';

/**
 * The local EventBridge on a random port with one bus and a rule that hands every event matching
 * `pattern` to a capturing target: what a consumer of the bus would receive. `TDetail` types the
 * delivered events' `detail`; it is the caller's claim, not checked.
 */
export async function startCapturingEventBus<TDetail = unknown>(
  pattern: Record<string, unknown>,
  options: CapturingEventBusOptions = {},
): Promise<CapturingEventBus<TDetail>> {
  const busName = options.busName ?? 'stratus-test';
  const delivered: DeliveredEvent<TDetail>[] = [];
  const eventBridge = await startEventBridge({
    port: 0,
    eventBuses: [busName],
    invoker: {
      invoke: async (invocation) => {
        delivered.push(JSON.parse(invocation.payload) as DeliveredEvent<TDetail>);
      },
      sendToDeadLetterQueue: async (letter) => {
        throw new Error(`the capturing target has no dead-letter queue (asked for ${letter.queueArn})`);
      },
    },
  });
  try {
    eventBridge.bus.putRule({ Name: CAPTURE, EventBusName: busName, EventPattern: JSON.stringify(pattern) });
    const targets = eventBridge.bus.putTargets({
      Rule: CAPTURE,
      EventBusName: busName,
      Targets: [{ Id: CAPTURE, Arn: `arn:aws:sqs:us-east-1:000000000000:${CAPTURE}` }],
    });
    if (targets.FailedEntryCount > 0)
      throw new Error(`the capturing target was refused: ${JSON.stringify(targets.FailedEntries)}`);
  } catch (error) {
    await eventBridge.stop();
    throw error;
  }
  return {
    eventBridge,
    endpoint: eventBridge.endpoint,
    busName,
    delivered,
    waitForDeliveries: (count, waitOptions) =>
      eventually(
        () => `${count} deliveries (got ${delivered.length})`,
        () => (delivered.length >= count ? delivered : undefined),
        waitOptions,
      ),
    clear: () => {
      delivered.length = 0;
    },
    stop: () => eventBridge.stop(),
  };
}
