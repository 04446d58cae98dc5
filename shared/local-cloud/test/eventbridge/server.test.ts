import {
  CreateEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  type EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { type RunningEventBridge, startEventBridge } from '../../src/eventbridge';
import { DLQ_ARN, FUNCTION_ARN, QUEUE_ARN, RecordingInvoker, eventBridgeClient } from './support';

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
};

describe('local EventBridge API over the wire', () => {
  let eventBridge: RunningEventBridge;
  let client: EventBridgeClient;
  const invoker = new RecordingInvoker();

  beforeAll(async () => {
    eventBridge = await startEventBridge({
      port: 0,
      invoker,
      log: () => undefined,
      eventBuses: ['stratus-local'],
    });
    client = eventBridgeClient(eventBridge.endpoint);
  });

  afterAll(async () => {
    client.destroy();
    await eventBridge.stop();
  });

  it('listens on 127.0.0.1 at a random port', () => {
    expect(eventBridge.endpoint).toBe(`http://127.0.0.1:${eventBridge.port}`);
    expect(eventBridge.port).toBeGreaterThan(0);
    expect(eventBridge.name).toBe('eventbridge');
  });

  describe('PutEvents', () => {
    it('accepts valid entries and returns an EventId for each', async () => {
      const result = await client.send(
        new PutEventsCommand({
          Entries: [
            { Source: 'stratus.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-1"}' },
            {
              Source: 'stratus.orders',
              DetailType: 'OrderPlaced',
              Detail: '{"orderId":"o-2"}',
              EventBusName: 'stratus-local',
            },
          ],
        }),
      );
      expect(result.FailedEntryCount).toBe(0);
      expect(result.Entries).toHaveLength(2);
      for (const entry of result.Entries ?? []) expect(entry.EventId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('reports invalid entries one by one with AWS error codes, accepting the rest', async () => {
      const result = await client.send(
        new PutEventsCommand({
          Entries: [
            { DetailType: 'OrderPlaced', Detail: '{}' },
            { Source: 'stratus.orders', Detail: '{}' },
            { Source: 'stratus.orders', DetailType: 'OrderPlaced' },
            { Source: 'stratus.orders', DetailType: 'OrderPlaced', Detail: '{not json' },
            { Source: 'stratus.orders', DetailType: 'OrderPlaced', Detail: '["an array"]' },
            { Source: 'aws.s3', DetailType: 'Object Created', Detail: '{}' },
            { Source: 'stratus.orders', DetailType: 'OrderPlaced', Detail: '{}', EventBusName: 'nope' },
            { Source: 'stratus.orders', DetailType: 'OrderPlaced', Detail: '{"ok":true}' },
          ],
        }),
      );
      expect(result.FailedEntryCount).toBe(7);
      expect(result.Entries).toEqual([
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
        },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
        },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
        },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
        { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
        { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nope does not exist.' },
        { EventId: expect.any(String) },
      ]);
    });

    it('refuses more than 10 entries', async () => {
      const entries = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
      const error = await failure(client.send(new PutEventsCommand({ Entries: entries })));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain('Member must have length less than or equal to 10');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('refuses a request whose entries exceed 256 KB', async () => {
      const detail = JSON.stringify({ blob: 'x'.repeat(200 * 1024) });
      const error = await failure(
        client.send(
          new PutEventsCommand({
            Entries: [
              { Source: 's', DetailType: 'd', Detail: detail },
              { Source: 's', DetailType: 'd', Detail: detail },
            ],
          }),
        ),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('Total size of the entries in the request is over the limit.');
    });

    it('takes the event time from the entry', async () => {
      await client.send(new PutRuleCommand({ Name: 'timed', EventPattern: '{"source":["timed"]}' }));
      await client.send(new PutTargetsCommand({ Rule: 'timed', Targets: [{ Id: 'q', Arn: QUEUE_ARN }] }));
      await client.send(
        new PutEventsCommand({
          Entries: [
            { Source: 'timed', DetailType: 'd', Detail: '{}', Time: new Date('2024-05-06T07:08:09.500Z') },
          ],
        }),
      );
      await eventBridge.bus.idle();
      const [delivered] = invoker.delivered().filter((invocation) => invocation.rule.name === 'timed');
      expect(delivered?.event).toMatchObject({
        time: '2024-05-06T07:08:09Z',
        source: 'timed',
        account: '123456789012',
      });
    });
  });

  describe('rules and targets', () => {
    it('creates, describes and lists rules, filtered by NamePrefix and EventBusName', async () => {
      const { RuleArn } = await client.send(
        new PutRuleCommand({
          Name: 'orders-placed',
          EventBusName: 'stratus-local',
          EventPattern: JSON.stringify({ source: ['stratus.orders'], 'detail-type': ['OrderPlaced'] }),
          Description: 'orders placed',
        }),
      );
      expect(RuleArn).toBe('arn:aws:events:us-east-1:123456789012:rule/stratus-local/orders-placed');
      await client.send(
        new PutRuleCommand({
          Name: 'orders-cancelled',
          EventBusName: 'stratus-local',
          EventPattern: '{"detail-type":["OrderCancelled"]}',
        }),
      );
      await client.send(
        new PutRuleCommand({
          Name: 'inventory-low',
          EventBusName: 'stratus-local',
          EventPattern: '{"detail-type":["StockLow"]}',
        }),
      );

      const described = await client.send(
        new DescribeRuleCommand({ Name: 'orders-placed', EventBusName: 'stratus-local' }),
      );
      expect(described).toMatchObject({
        Name: 'orders-placed',
        State: 'ENABLED',
        Description: 'orders placed',
        EventBusName: 'stratus-local',
      });

      const listed = await client.send(
        new ListRulesCommand({ EventBusName: 'stratus-local', NamePrefix: 'orders-' }),
      );
      expect(listed.Rules?.map((rule) => rule.Name)).toEqual(['orders-cancelled', 'orders-placed']);
      const onDefault = await client.send(new ListRulesCommand({ NamePrefix: 'orders-' }));
      expect(onDefault.Rules).toEqual([]);
    });

    it('pages ListRules with Limit and NextToken', async () => {
      const first = await client.send(new ListRulesCommand({ EventBusName: 'stratus-local', Limit: 2 }));
      expect(first.Rules).toHaveLength(2);
      expect(first.NextToken).toBeDefined();
      const second = await client.send(
        new ListRulesCommand({ EventBusName: 'stratus-local', Limit: 2, NextToken: first.NextToken }),
      );
      expect(second.Rules?.map((rule) => rule.Name)).toEqual(['orders-placed']);
      expect(second.NextToken).toBeUndefined();
    });

    it('refuses a malformed pattern with InvalidEventPatternException', async () => {
      const error = await failure(
        client.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"stratus.orders"}' })),
      );
      expect(error.name).toBe('InvalidEventPatternException');
      expect(error.message).toBe(
        'Event pattern is not valid. Reason: "source" must be an object or an array (field: source)',
      );
    });

    it('refuses a rule without pattern or schedule, and schedules on custom buses', async () => {
      const neither = await failure(client.send(new PutRuleCommand({ Name: 'empty' })));
      expect(neither.message).toBe('Parameter(s) EventPattern or ScheduleExpression must be specified.');
      const scheduled = await failure(
        client.send(
          new PutRuleCommand({
            Name: 'nightly',
            EventBusName: 'stratus-local',
            ScheduleExpression: 'rate(1 day)',
          }),
        ),
      );
      expect(scheduled.message).toBe('ScheduleExpression is supported only on the default event bus.');
      const badSchedule = await failure(
        client.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'rate(1 days)' })),
      );
      expect(badSchedule.message).toBe('Parameter ScheduleExpression is not valid.');
      await client.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 2 * * ? *)' }));
      expect(eventBridge.bus.listScheduledRules()).toEqual([
        expect.objectContaining({
          name: 'nightly',
          scheduleExpression: 'cron(0 2 * * ? *)',
          state: 'ENABLED',
        }),
      ]);
    });

    it('refuses rule names AWS refuses', async () => {
      const error = await failure(
        client.send(new PutRuleCommand({ Name: 'has space', EventPattern: '{"source":["a"]}' })),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain("Value 'has space' at 'name' failed to satisfy constraint");
    });

    it('attaches targets, lists them and removes them', async () => {
      const put = await client.send(
        new PutTargetsCommand({
          Rule: 'orders-placed',
          EventBusName: 'stratus-local',
          Targets: [
            {
              Id: 'inventory',
              Arn: FUNCTION_ARN,
              RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
              DeadLetterConfig: { Arn: DLQ_ARN },
            },
            { Id: 'audit', Arn: QUEUE_ARN, InputPath: '$.detail' },
          ],
        }),
      );
      expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
      const listed = await client.send(
        new ListTargetsByRuleCommand({ Rule: 'orders-placed', EventBusName: 'stratus-local' }),
      );
      expect(listed.Targets).toEqual([
        {
          Id: 'inventory',
          Arn: FUNCTION_ARN,
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: DLQ_ARN },
        },
        { Id: 'audit', Arn: QUEUE_ARN, InputPath: '$.detail' },
      ]);
      await client.send(
        new RemoveTargetsCommand({ Rule: 'orders-placed', EventBusName: 'stratus-local', Ids: ['audit'] }),
      );
      const after = await client.send(
        new ListTargetsByRuleCommand({ Rule: 'orders-placed', EventBusName: 'stratus-local' }),
      );
      expect(after.Targets?.map((target) => target.Id)).toEqual(['inventory']);
    });

    it('refuses targets with conflicting input options or unsupported JSON paths', async () => {
      const both = await failure(
        client.send(
          new PutTargetsCommand({
            Rule: 'orders-placed',
            EventBusName: 'stratus-local',
            Targets: [{ Id: 'x', Arn: QUEUE_ARN, Input: '{}', InputPath: '$.detail' }],
          }),
        ),
      );
      expect(both.message).toBe(
        'Only one of Input, InputPath, or InputTransformer must be provided for target x.',
      );
      const badPath = await failure(
        client.send(
          new PutTargetsCommand({
            Rule: 'orders-placed',
            EventBusName: 'stratus-local',
            Targets: [{ Id: 'x', Arn: QUEUE_ARN, InputPath: '$..detail' }],
          }),
        ),
      );
      expect(badPath.name).toBe('ValidationException');
    });

    it('reports targets with bad retry policies or non-ARNs as failed entries', async () => {
      const result = await client.send(
        new PutTargetsCommand({
          Rule: 'orders-cancelled',
          EventBusName: 'stratus-local',
          Targets: [
            { Id: 'ok', Arn: QUEUE_ARN },
            { Id: 'retries', Arn: QUEUE_ARN, RetryPolicy: { MaximumRetryAttempts: 200 } },
            { Id: 'age', Arn: QUEUE_ARN, RetryPolicy: { MaximumEventAgeInSeconds: 10 } },
            { Id: 'dlq', Arn: QUEUE_ARN, DeadLetterConfig: { Arn: FUNCTION_ARN } },
            { Id: 'arn', Arn: 'not-an-arn' },
          ],
        }),
      );
      expect(result.FailedEntryCount).toBe(4);
      expect(result.FailedEntries?.map((entry) => entry.TargetId)).toEqual(['retries', 'age', 'dlq', 'arn']);
      const listed = await client.send(
        new ListTargetsByRuleCommand({ Rule: 'orders-cancelled', EventBusName: 'stratus-local' }),
      );
      expect(listed.Targets?.map((target) => target.Id)).toEqual(['ok']);
    });

    it('limits a rule to five targets', async () => {
      const targets = Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: QUEUE_ARN }));
      const error = await failure(
        client.send(
          new PutTargetsCommand({ Rule: 'inventory-low', EventBusName: 'stratus-local', Targets: targets }),
        ),
      );
      expect(error.name).toBe('LimitExceededException');
    });

    it('refuses targets for a missing rule', async () => {
      const error = await failure(
        client.send(new PutTargetsCommand({ Rule: 'ghost', Targets: [{ Id: 'a', Arn: QUEUE_ARN }] })),
      );
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Rule ghost does not exist on EventBus default.');
    });

    it('refuses to delete a rule that still has targets, then deletes it once they are removed', async () => {
      const error = await failure(
        client.send(new DeleteRuleCommand({ Name: 'orders-placed', EventBusName: 'stratus-local' })),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe("Rule can't be deleted since it has targets.");
      await client.send(
        new RemoveTargetsCommand({
          Rule: 'orders-placed',
          EventBusName: 'stratus-local',
          Ids: ['inventory'],
        }),
      );
      await client.send(new DeleteRuleCommand({ Name: 'orders-placed', EventBusName: 'stratus-local' }));
      const missing = await failure(
        client.send(new DescribeRuleCommand({ Name: 'orders-placed', EventBusName: 'stratus-local' })),
      );
      expect(missing.name).toBe('ResourceNotFoundException');
    });

    it('disables a rule', async () => {
      await client.send(new DisableRuleCommand({ Name: 'inventory-low', EventBusName: 'stratus-local' }));
      const described = await client.send(
        new DescribeRuleCommand({ Name: 'inventory-low', EventBusName: 'stratus-local' }),
      );
      expect(described.State).toBe('DISABLED');
    });
  });

  describe('event buses', () => {
    it('describes the default bus', async () => {
      const bus = await client.send(new DescribeEventBusCommand({}));
      expect(bus.Name).toBe('default');
      expect(bus.Arn).toBe('arn:aws:events:us-east-1:123456789012:event-bus/default');
      expect(bus.CreationTime).toBeInstanceOf(Date);
    });

    it('creates custom buses, refuses duplicates and lists them', async () => {
      const { EventBusArn } = await client.send(new CreateEventBusCommand({ Name: 'media-local' }));
      expect(EventBusArn).toBe('arn:aws:events:us-east-1:123456789012:event-bus/media-local');
      const duplicate = await failure(client.send(new CreateEventBusCommand({ Name: 'media-local' })));
      expect(duplicate.name).toBe('ResourceAlreadyExistsException');
      const { EventBuses } = await client.send(new ListEventBusesCommand({}));
      expect(EventBuses?.map((bus) => bus.Name)).toEqual(['default', 'media-local', 'stratus-local']);
      const prefixed = await client.send(new ListEventBusesCommand({ NamePrefix: 'stratus' }));
      expect(prefixed.EventBuses?.map((bus) => bus.Name)).toEqual(['stratus-local']);
      const byArn = await client.send(new DescribeEventBusCommand({ Name: EventBusArn }));
      expect(byArn.Name).toBe('media-local');
    });

    it('reports a missing bus', async () => {
      const error = await failure(client.send(new DescribeEventBusCommand({ Name: 'nope' })));
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Event bus nope does not exist.');
    });
  });

  describe('TestEventPattern', () => {
    const event = JSON.stringify({
      id: '1',
      account: '123456789012',
      source: 'stratus.orders',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'OrderPlaced',
      detail: { total: 42 },
    });

    it('answers whether the event matches', async () => {
      const yes = await client.send(
        new TestEventPatternCommand({
          EventPattern: '{"detail":{"total":[{"numeric":[">",40]}]}}',
          Event: event,
        }),
      );
      const no = await client.send(
        new TestEventPatternCommand({
          EventPattern: '{"detail":{"total":[{"numeric":[">",50]}]}}',
          Event: event,
        }),
      );
      expect([yes.Result, no.Result]).toEqual([true, false]);
    });

    it('refuses an event without the mandatory envelope fields', async () => {
      const error = await failure(
        client.send(
          new TestEventPatternCommand({ EventPattern: '{"source":["a"]}', Event: '{"source":"a"}' }),
        ),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain('Parameter Event is not valid.');
    });

    it('refuses a malformed pattern', async () => {
      const error = await failure(
        client.send(
          new TestEventPatternCommand({ EventPattern: '{"a":[{"wildcard":"x**"}]}', Event: event }),
        ),
      );
      expect(error.name).toBe('InvalidEventPatternException');
      expect(error.message).toContain('Consecutive wildcard characters at pos 2');
    });
  });

  describe('wire format', () => {
    it('answers errors in the AWS JSON shape with status 400', async () => {
      const response = await fetch(eventBridge.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSEvents.DescribeEventBus',
        },
        body: JSON.stringify({ Name: 'nope' }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(await response.json()).toEqual({
        __type: 'ResourceNotFoundException',
        message: 'Event bus nope does not exist.',
      });
    });

    it('refuses an unknown operation and a body that is not JSON', async () => {
      const unknown = await fetch(eventBridge.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.CreateArchive' },
        body: '{}',
      });
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
      const garbage = await fetch(eventBridge.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutRule' },
        body: '{',
      });
      expect(await garbage.json()).toMatchObject({ __type: 'SerializationException' });
    });

    it('sends timestamps as epoch seconds, as the JSON 1.1 protocol has them', async () => {
      const response = await fetch(eventBridge.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSEvents.DescribeEventBus',
        },
        body: JSON.stringify({ Name: 'stratus-local' }),
      });
      const body = (await response.json()) as { CreationTime: unknown };
      expect(typeof body.CreationTime).toBe('number');
      expect(Math.abs((body.CreationTime as number) * 1000 - Date.now())).toBeLessThan(60_000);
    });

    it('answers a GET that is not the health check with 404 in the AWS JSON shape', async () => {
      const get = await fetch(`${eventBridge.endpoint}/anything`);
      expect(get.status).toBe(404);
      expect(await get.json()).toEqual({
        __type: 'UnknownOperationException',
        message: 'GET /anything is not an EventBridge operation.',
      });
      const health = await fetch(`${eventBridge.endpoint}/_local/health`);
      expect(health.headers.get('content-type')).toBe('application/json');
      expect(await health.json()).toEqual({ ok: true });
    });
  });
});
