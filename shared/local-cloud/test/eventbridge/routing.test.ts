import {
  type EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { LocalEventBus, type RunningEventBridge, startEventBridge } from '../../src/eventbridge';
import {
  DLQ_ARN,
  FUNCTION_ARN,
  QUEUE_ARN,
  RecordingInvoker,
  STATE_MACHINE_ARN,
  eventBridgeClient,
  recordingLogger,
} from './support';

const FAST_RETRIES = { baseDelayMs: 2, maxDelayMs: 10 };

function busWith(invoker: RecordingInvoker, log = recordingLogger()) {
  const bus = new LocalEventBus({ invoker, log: log.log, retry: FAST_RETRIES });
  return { bus, log };
}

function rule(bus: LocalEventBus, name: string, pattern: unknown, targets: Target[], eventBusName?: string) {
  bus.putRule({ Name: name, EventPattern: JSON.stringify(pattern), EventBusName: eventBusName });
  const result = bus.putTargets({ Rule: name, EventBusName: eventBusName, Targets: targets });
  expect(result.FailedEntries).toEqual([]);
}

const orderPlaced = (detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Source: 'stratus.orders',
  DetailType: 'OrderPlaced',
  Detail: JSON.stringify(detail),
  ...extra,
});

describe('routing', () => {
  it('delivers a matching event to every target of every matching rule, after PutEvents returns', async () => {
    const invoker = new RecordingInvoker();
    const { bus, log } = busWith(invoker);
    rule(bus, 'to-inventory', { source: ['stratus.orders'] }, [
      { Id: 'fn', Arn: FUNCTION_ARN },
      { Id: 'queue', Arn: QUEUE_ARN },
    ]);
    rule(bus, 'big-orders', { detail: { total: [{ numeric: ['>', 100] }] } }, [
      { Id: 'sfn', Arn: STATE_MACHINE_ARN },
    ]);
    rule(bus, 'cancellations', { 'detail-type': ['OrderCancelled'] }, [{ Id: 'other', Arn: QUEUE_ARN }]);

    const result = bus.putEvents({ Entries: [orderPlaced({ orderId: 'o-1', total: 150 })] });
    expect(invoker.invocations).toHaveLength(0);
    await bus.idle();

    expect(invoker.invocations.map((i) => `${i.rule.name}/${i.target.Id}`).sort()).toEqual([
      'big-orders/sfn',
      'to-inventory/fn',
      'to-inventory/queue',
    ]);
    const [first] = invoker.invocations;
    expect(first?.event).toMatchObject({
      version: '0',
      id: result.Entries[0]?.EventId,
      source: 'stratus.orders',
      'detail-type': 'OrderPlaced',
      account: '123456789012',
      region: 'us-east-1',
      resources: [],
      detail: { orderId: 'o-1', total: 150 },
    });
    expect(JSON.parse(first?.payload ?? '')).toEqual(first?.event);
    expect(log.entries).toHaveLength(3);
    await bus.close();
  });

  it('skips disabled rules and rules on other buses', async () => {
    const invoker = new RecordingInvoker();
    const { bus } = busWith(invoker);
    bus.createEventBus({ Name: 'stratus-local' });
    rule(bus, 'disabled', { source: ['stratus.orders'] }, [{ Id: 'a', Arn: QUEUE_ARN }]);
    bus.disableRule({ Name: 'disabled' });
    rule(bus, 'custom', { source: ['stratus.orders'] }, [{ Id: 'b', Arn: QUEUE_ARN }], 'stratus-local');
    bus.putEvents({ Entries: [orderPlaced({})] });
    await bus.idle();
    expect(invoker.invocations).toHaveLength(0);
    bus.putEvents({ Entries: [orderPlaced({}, { EventBusName: 'stratus-local' })] });
    await bus.idle();
    expect(invoker.invocations.map((i) => i.rule.name)).toEqual(['custom']);
    await bus.close();
  });

  it('keeps the detail exactly as published, numbers included', async () => {
    const invoker = new RecordingInvoker();
    const { bus } = busWith(invoker);
    rule(bus, 'all', { source: ['stratus.orders'] }, [{ Id: 'q', Arn: QUEUE_ARN }]);
    bus.putEvents({
      Entries: [{ Source: 'stratus.orders', DetailType: 'X', Detail: '{ "price": 10.50, "qty": 3.0e2 }' }],
    });
    await bus.idle();
    expect(invoker.invocations[0]?.payload).toContain('"detail":{"price":10.50,"qty":3.0e2}');
    await bus.close();
  });

  describe('retries and dead letters', () => {
    it('retries a failing target with backoff until it succeeds', async () => {
      const invoker = new RecordingInvoker();
      const { bus, log } = busWith(invoker);
      rule(bus, 'flaky', { source: ['stratus.orders'] }, [
        { Id: 'fn', Arn: FUNCTION_ARN, DeadLetterConfig: { Arn: DLQ_ARN } },
      ]);
      invoker.failNext(FUNCTION_ARN, 2);
      bus.putEvents({ Entries: [orderPlaced({ orderId: 'o-2' })] });
      await bus.idle();
      expect(invoker.delivered(FUNCTION_ARN).map((i) => i.attempt)).toEqual([1, 2, 3]);
      expect(invoker.deadLetters).toEqual([]);
      expect(log.entries).toEqual([
        expect.objectContaining({ outcome: 'delivered', attempts: 3, rule: 'flaky', targetId: 'fn' }),
      ]);
      await bus.close();
    });

    it('sends the event to the DLQ with the reason once MaximumRetryAttempts are used up', async () => {
      const invoker = new RecordingInvoker();
      const { bus, log } = busWith(invoker);
      rule(bus, 'broken', { source: ['stratus.orders'] }, [
        {
          Id: 'fn',
          Arn: FUNCTION_ARN,
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: DLQ_ARN },
        },
      ]);
      invoker.failNext(FUNCTION_ARN, 100);
      const { Entries } = bus.putEvents({ Entries: [orderPlaced({ orderId: 'o-3' })] });
      await bus.idle();

      expect(invoker.delivered(FUNCTION_ARN)).toHaveLength(3);
      expect(invoker.deadLetters).toHaveLength(1);
      const [letter] = invoker.deadLetters;
      expect(letter?.queueArn).toBe(DLQ_ARN);
      expect(JSON.parse(letter?.body ?? '')).toMatchObject({
        id: Entries[0]?.EventId,
        detail: { orderId: 'o-3' },
      });
      expect(letter?.attributes).toEqual({
        RULE_ARN: 'arn:aws:events:us-east-1:123456789012:rule/broken',
        TARGET_ARN: FUNCTION_ARN,
        ERROR_CODE: 'TargetDown',
        ERROR_MESSAGE: `target ${FUNCTION_ARN} is down`,
        EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttemptsExhausted',
        RETRY_ATTEMPTS: '2',
      });
      expect(log.entries).toEqual([
        expect.objectContaining({ outcome: 'dead-lettered', attempts: 3, level: 'warn' }),
      ]);
      await bus.close();
    });

    it('stops retrying when the event is older than MaximumEventAgeInSeconds', async () => {
      let now = Date.parse('2024-01-01T00:00:00Z');
      const invoker = new RecordingInvoker();
      const log = recordingLogger();
      const bus = new LocalEventBus({ invoker, log: log.log, retry: FAST_RETRIES, now: () => new Date(now) });
      rule(bus, 'slow', { source: ['stratus.orders'] }, [
        {
          Id: 'fn',
          Arn: FUNCTION_ARN,
          RetryPolicy: { MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: DLQ_ARN },
        },
      ]);
      invoker.failNext(FUNCTION_ARN, 100);
      const originalInvoke = invoker.invoke.bind(invoker);
      invoker.invoke = async (invocation) => {
        now += 25_000; // every attempt takes 25 s of the event's age
        return originalInvoke(invocation);
      };
      bus.putEvents({ Entries: [orderPlaced({})] });
      await bus.idle();
      expect(invoker.delivered(FUNCTION_ARN)).toHaveLength(3);
      expect(invoker.deadLetters[0]?.attributes.EXHAUSTED_RETRY_CONDITION).toBe('MaximumEventAgeExhausted');
      await bus.close();
    });

    it('drops the event (and says so) when retries run out and there is no DLQ', async () => {
      const invoker = new RecordingInvoker();
      const { bus, log } = busWith(invoker);
      rule(bus, 'no-dlq', { source: ['stratus.orders'] }, [
        { Id: 'q', Arn: QUEUE_ARN, RetryPolicy: { MaximumRetryAttempts: 0 } },
      ]);
      invoker.failNext(QUEUE_ARN, 1);
      bus.putEvents({ Entries: [orderPlaced({})] });
      await bus.idle();
      expect(invoker.delivered(QUEUE_ARN)).toHaveLength(1);
      expect(log.entries).toEqual([
        expect.objectContaining({ outcome: 'dropped', attempts: 1, error: `target ${QUEUE_ARN} is down` }),
      ]);
      await bus.close();
    });

    it('reports a DLQ that cannot be reached', async () => {
      const invoker = new RecordingInvoker();
      invoker.sendToDeadLetterQueue = async () => {
        throw new Error('queue does not exist');
      };
      const { bus, log } = busWith(invoker);
      rule(bus, 'dlq-down', { source: ['stratus.orders'] }, [
        {
          Id: 'q',
          Arn: QUEUE_ARN,
          RetryPolicy: { MaximumRetryAttempts: 0 },
          DeadLetterConfig: { Arn: DLQ_ARN },
        },
      ]);
      invoker.failNext(QUEUE_ARN, 1);
      bus.putEvents({ Entries: [orderPlaced({})] });
      await bus.idle();
      expect(log.entries[0]).toMatchObject({ outcome: 'dead-letter-failed', level: 'error' });
      expect(log.entries[0]?.error).toContain('queue does not exist');
      await bus.close();
    });

    it('does not let a target that never answers hold the shutdown', async () => {
      const invoker = new RecordingInvoker();
      invoker.invoke = () => new Promise<void>(() => undefined);
      const { bus } = busWith(invoker);
      rule(bus, 'hangs', { source: ['stratus.orders'] }, [{ Id: 'q', Arn: QUEUE_ARN }]);
      bus.putEvents({ Entries: [orderPlaced({})] });
      await new Promise((resolve) => setImmediate(resolve));
      await expect(bus.close(50)).resolves.toBeUndefined();
    });

    it('stops pending retries when the bus closes', async () => {
      const invoker = new RecordingInvoker();
      const bus = new LocalEventBus({
        invoker,
        log: () => undefined,
        retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      });
      rule(bus, 'r', { source: ['stratus.orders'] }, [{ Id: 'q', Arn: QUEUE_ARN }]);
      invoker.failNext(QUEUE_ARN, 1);
      bus.putEvents({ Entries: [orderPlaced({})] });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await bus.close();
      expect(invoker.delivered(QUEUE_ARN)).toHaveLength(1);
    });
  });

  describe('target input', () => {
    const event = orderPlaced({
      orderId: 'o-9',
      customer: { id: 'c-1', name: 'Ada "The" Lovelace' },
      items: [{ sku: 'A' }, { sku: 'B' }],
      total: 42,
    });

    async function deliver(target: Omit<Target, 'Id' | 'Arn'>): Promise<string> {
      const invoker = new RecordingInvoker();
      const { bus } = busWith(invoker);
      rule(bus, 'shape', { source: ['stratus.orders'] }, [{ Id: 't', Arn: QUEUE_ARN, ...target }]);
      bus.putEvents({ Entries: [event] });
      await bus.idle();
      await bus.close();
      return invoker.invocations[0]?.payload ?? '';
    }

    it('sends a constant Input as is', async () => {
      expect(await deliver({ Input: '{"kind":"constant"}' })).toBe('{"kind":"constant"}');
    });

    it('sends the part of the event named by InputPath', async () => {
      expect(JSON.parse(await deliver({ InputPath: '$.detail.customer' }))).toEqual({
        id: 'c-1',
        name: 'Ada "The" Lovelace',
      });
      expect(JSON.parse(await deliver({ InputPath: '$.detail.items[1].sku' }))).toBe('B');
      expect(JSON.parse(await deliver({ InputPath: '$.detail.items[*].sku' }))).toEqual(['A', 'B']);
    });

    it('fills a JSON template: outside quotes values become JSON, inside quotes bare text', async () => {
      const payload = await deliver({
        InputTransformer: {
          InputPathsMap: {
            order: '$.detail.orderId',
            total: '$.detail.total',
            customer: '$.detail.customer',
            name: '$.detail.customer.name',
          },
          InputTemplate:
            '{"order": <order>, "total": <total>, "customer": <customer>, "text": "order <order> for <name>"}',
        },
      });
      expect(JSON.parse(payload)).toEqual({
        order: 'o-9',
        total: 42,
        customer: { id: 'c-1', name: 'Ada "The" Lovelace' },
        text: 'order o-9 for Ada "The" Lovelace',
      });
    });

    it('fills a string template and the predefined variables', async () => {
      const payload = await deliver({
        InputTransformer: {
          InputPathsMap: { order: '$.detail.orderId' },
          InputTemplate: '"<order> was routed by <aws.events.rule-name>"',
        },
      });
      expect(JSON.parse(payload)).toBe('o-9 was routed by shape');
      const predefined = JSON.parse(
        await deliver({
          InputTransformer: {
            InputTemplate:
              '{"arn": <aws.events.rule-arn>, "at": <aws.events.event.ingestion-time>, "envelope": <aws.events.event>, "full": <aws.events.event.json>}',
          },
        }),
      );
      expect(predefined.arn).toBe('arn:aws:events:us-east-1:123456789012:rule/shape');
      expect(new Date(predefined.at).toISOString()).toBe(predefined.at);
      expect(predefined.envelope).toMatchObject({ source: 'stratus.orders', 'detail-type': 'OrderPlaced' });
      expect(predefined.envelope.detail).toBeUndefined();
      expect(predefined.full.detail.orderId).toBe('o-9');
    });

    it('leaves out a variable whose path is not in the event, and keeps unknown <tags>', async () => {
      const payload = await deliver({
        InputTransformer: {
          InputPathsMap: { missing: '$.detail.nope' },
          InputTemplate: 'x=<missing>; <b>bold</b>',
        },
      });
      expect(payload).toBe('x=; <b>bold</b>');
    });
  });

  it('forwards events to another event bus target, whose rules route them on', async () => {
    const invoker = new RecordingInvoker();
    const { bus } = busWith(invoker);
    bus.createEventBus({ Name: 'audit' });
    rule(bus, 'to-audit-bus', { source: ['stratus.orders'] }, [{ Id: 'bus', Arn: bus.busArn('audit') }]);
    rule(bus, 'audit-log', { source: ['stratus.orders'] }, [{ Id: 'q', Arn: QUEUE_ARN }], 'audit');
    bus.putEvents({ Entries: [orderPlaced({ orderId: 'o-5' })] });
    await bus.idle();
    expect(invoker.invocations.map((i) => `${i.rule.eventBusName}/${i.rule.name}`)).toEqual([
      'audit/audit-log',
    ]);
    expect(invoker.invocations[0]?.event).toMatchObject({ detail: { orderId: 'o-5' } });
    await bus.close();
  });

  it('accepts aws.* sources only from in-process emulators publishing as an AWS service', async () => {
    const invoker = new RecordingInvoker();
    const { bus } = busWith(invoker);
    rule(bus, 's3', { source: ['aws.s3'], 'detail-type': ['Object Created'] }, [
      { Id: 'fn', Arn: FUNCTION_ARN },
    ]);
    const entry = { Source: 'aws.s3', DetailType: 'Object Created', Detail: '{"bucket":{"name":"media"}}' };
    expect(bus.putEvents({ Entries: [entry] }).Entries[0]?.ErrorCode).toBe('NotAuthorizedForSourceException');
    expect(bus.putEvents({ Entries: [entry] }, { asAwsService: true }).FailedEntryCount).toBe(0);
    await bus.idle();
    expect(invoker.invocations.map((i) => i.rule.name)).toEqual(['s3']);
    await bus.close();
  });

  it('fires a scheduled rule on demand with the Scheduled Event envelope', async () => {
    const invoker = new RecordingInvoker();
    const { bus } = busWith(invoker);
    bus.putRule({ Name: 'nightly', ScheduleExpression: 'rate(1 day)' });
    bus.putTargets({ Rule: 'nightly', Targets: [{ Id: 'sfn', Arn: STATE_MACHINE_ARN }] });
    bus.fireScheduledRule('nightly');
    await bus.idle();
    expect(invoker.invocations[0]?.event).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/nightly'],
      detail: {},
    });
    await bus.close();
  });

  it('refuses targets the invoker cannot reach', () => {
    const bus = new LocalEventBus({
      invoker: {
        invoke: async () => undefined,
        sendToDeadLetterQueue: async () => undefined,
        supports: (arn) => arn.includes(':sqs:'),
      },
      log: () => undefined,
    });
    bus.putRule({ Name: 'r', EventPattern: '{"source":["a"]}' });
    const result = bus.putTargets({
      Rule: 'r',
      Targets: [{ Id: 'sns', Arn: 'arn:aws:sns:us-east-1:123456789012:topic' }],
    });
    expect(result.FailedEntries).toEqual([
      expect.objectContaining({
        TargetId: 'sns',
        ErrorCode: 'ValidationException',
        ErrorMessage: expect.stringContaining('cannot deliver'),
      }),
    ]);
  });

  describe('over the wire', () => {
    let eventBridge: RunningEventBridge;
    let client: EventBridgeClient;
    const invoker = new RecordingInvoker();
    const log = recordingLogger();

    beforeAll(async () => {
      eventBridge = await startEventBridge({ port: 0, invoker, log: log.log, retry: FAST_RETRIES });
      client = eventBridgeClient(eventBridge.endpoint);
    });

    afterAll(async () => {
      client.destroy();
      await eventBridge.stop();
    });

    it('routes PutEvents through rules registered with the SDK and logs one line per delivery', async () => {
      await client.send(
        new PutRuleCommand({
          Name: 'reserve-stock',
          EventPattern: JSON.stringify({ source: ['stratus.orders'], 'detail-type': ['OrderPlaced'] }),
        }),
      );
      await client.send(
        new PutTargetsCommand({ Rule: 'reserve-stock', Targets: [{ Id: 'inventory', Arn: FUNCTION_ARN }] }),
      );
      const sent = await client.send(
        new PutEventsCommand({
          Entries: [
            orderPlaced({ orderId: 'o-7' }),
            orderPlaced({ orderId: 'o-8' }, { DetailType: 'Other' }),
          ],
        }),
      );
      await eventBridge.bus.idle();
      expect(invoker.invocations.map((i) => (i.event.detail as { orderId: string }).orderId)).toEqual([
        'o-7',
      ]);
      expect(log.entries).toEqual([
        expect.objectContaining({
          message: 'eventbridge route',
          eventId: sent.Entries?.[0]?.EventId,
          source: 'stratus.orders',
          detailType: 'OrderPlaced',
          rule: 'reserve-stock',
          target: FUNCTION_ARN,
          outcome: 'delivered',
          latencyMs: expect.any(Number),
        }),
      ]);
    });
  });
});
