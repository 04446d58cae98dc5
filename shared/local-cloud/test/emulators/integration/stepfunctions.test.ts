import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidDefinition,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { DescribeExecutionCommandOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { LambdaFunctionError, startStepFunctions } from '../../../src/emulators/stepfunctions';
import type { RunningStepFunctions } from '../../../src/emulators/stepfunctions';
import { localClientConfig } from '../../../src/emulators/support/local-client-config';
import { PortInUseError } from '../../../src/emulators/support/ports';

jest.setTimeout(30_000);

const lambdaArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** An order saga in miniature: Task with Retry, Choice, Map with Catch, Wait, Fail and Succeed. */
const orderSaga = {
  Comment: 'reserve every line of a large order',
  StartAt: 'Validate',
  States: {
    Validate: {
      Type: 'Task',
      Resource: lambdaArn('validate-order'),
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
      Next: 'IsLarge',
    },
    IsLarge: {
      Type: 'Choice',
      Choices: [{ Variable: '$.total', NumericGreaterThan: 100, Next: 'ReserveLines' }],
      Default: 'SkipReservation',
    },
    SkipReservation: { Type: 'Pass', Result: 'small order', ResultPath: '$.note', End: true },
    ReserveLines: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'ReserveLine',
        States: {
          ReserveLine: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: lambdaArn('reserve-line'), 'Payload.$': '$' },
            ResultSelector: { 'sku.$': '$.Payload.sku', 'reserved.$': '$.Payload.reserved' },
            End: true,
          },
        },
      },
      ResultPath: '$.reservations',
      Catch: [{ ErrorEquals: ['OutOfStock'], ResultPath: '$.failure', Next: 'ReleaseStock' }],
      Next: 'CoolDown',
    },
    CoolDown: { Type: 'Wait', Seconds: 120, Next: 'Done' },
    ReleaseStock: { Type: 'Task', Resource: lambdaArn('release-stock'), ResultPath: null, Next: 'Rejected' },
    Rejected: { Type: 'Fail', Error: 'ReservationFailed', Cause: 'a line is out of stock' },
    Done: { Type: 'Succeed' },
  },
};

interface Call {
  name: string;
  payload: unknown;
}

describe('Step Functions emulator', () => {
  let sfn: RunningStepFunctions;
  let client: SFNClient;
  let sagaArn: string;
  const calls: Call[] = [];
  const behaviour: { flakyFailures: number; outOfStock: Set<string> } = {
    flakyFailures: 0,
    outOfStock: new Set(),
  };

  const invokeFunction = async (name: string, payload: unknown): Promise<unknown> => {
    calls.push({ name, payload });
    if (name === 'validate-order') {
      if (behaviour.flakyFailures > 0) {
        behaviour.flakyFailures -= 1;
        throw new LambdaFunctionError('Flaky', 'the database blinked');
      }
      return { ...(payload as object), validated: true };
    }
    if (name === 'reserve-line') {
      const { sku } = payload as { sku: string };
      if (behaviour.outOfStock.has(sku)) {
        const error = new Error(`no stock for ${sku}`);
        error.name = 'OutOfStock';
        throw error;
      }
      return { sku, reserved: true };
    }
    if (name === 'release-stock') return { released: true };
    throw new Error(`no such function ${name}`);
  };

  async function runToEnd(input: unknown, name?: string): Promise<DescribeExecutionCommandOutput> {
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: sagaArn,
        input: JSON.stringify(input),
        ...(name === undefined ? {} : { name }),
      }),
    );
    await sfn.service.waitForExecution(executionArn as string, 10_000);
    return client.send(new DescribeExecutionCommand({ executionArn }));
  }

  async function history(executionArn: string): Promise<HistoryEvent[]> {
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    return events ?? [];
  }

  beforeAll(async () => {
    sfn = await startStepFunctions({ port: 0, invokeFunction, waitTimeScale: 0.001 });
    client = new SFNClient(localClientConfig(sfn.endpoint));
    const created = await client.send(
      new CreateStateMachineCommand({
        name: 'order-saga',
        definition: JSON.stringify(orderSaga),
        roleArn: 'arn:aws:iam::000000000000:role/saga',
      }),
    );
    sagaArn = created.stateMachineArn as string;
  });
  beforeEach(() => {
    calls.length = 0;
    behaviour.flakyFailures = 0;
    behaviour.outOfStock.clear();
  });
  afterAll(async () => {
    client.destroy();
    await sfn.stop();
  });

  it('runs Task with Retry, Choice, Map over lambda:invoke and a (scaled) Wait to success', async () => {
    behaviour.flakyFailures = 2;
    const execution = await runToEnd({ orderId: 'o-1', total: 150, items: [{ sku: 'A' }, { sku: 'B' }] });

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toEqual({
      orderId: 'o-1',
      total: 150,
      items: [{ sku: 'A' }, { sku: 'B' }],
      validated: true,
      reservations: [
        { sku: 'A', reserved: true },
        { sku: 'B', reserved: true },
      ],
    });
    expect(calls.filter((call) => call.name === 'validate-order')).toHaveLength(3);
    expect(calls.filter((call) => call.name === 'reserve-line').map((call) => call.payload)).toEqual([
      { sku: 'A' },
      { sku: 'B' },
    ]);
    expect(execution.startDate).toBeInstanceOf(Date);
    expect(execution.stopDate).toBeInstanceOf(Date);
  });

  it('records an AWS-shaped history in order', async () => {
    behaviour.flakyFailures = 1;
    const execution = await runToEnd({ total: 150, items: [{ sku: 'A' }] });
    const events = await history(execution.executionArn as string);
    const types = events.map((event) => event.type);

    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(types.slice(0, 8)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
    ]);
    for (const expected of [
      'ChoiceStateEntered',
      'MapStateEntered',
      'MapIterationStarted',
      'TaskScheduled',
      'TaskSucceeded',
      'MapIterationSucceeded',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
    ]) {
      expect(types).toContain(expected);
    }
    expect(types.indexOf('WaitStateEntered')).toBeGreaterThan(types.indexOf('MapStateExited'));
    const started = events[0];
    expect(JSON.parse(started?.executionStartedEventDetails?.input as string)).toEqual({
      total: 150,
      items: [{ sku: 'A' }],
    });
    expect(started?.executionStartedEventDetails?.roleArn).toBe('arn:aws:iam::000000000000:role/saga');
    const failed = events.find((event) => event.type === 'LambdaFunctionFailed');
    expect(failed?.lambdaFunctionFailedEventDetails?.error).toBe('Flaky');
    expect(JSON.parse(failed?.lambdaFunctionFailedEventDetails?.cause as string)).toMatchObject({
      errorType: 'Flaky',
      errorMessage: 'the database blinked',
    });
    expect(events.find((event) => event.type === 'TaskStateEntered')?.stateEnteredEventDetails?.name).toBe(
      'Validate',
    );
    expect(
      events.find((event) => event.type === 'MapIterationStarted')?.mapIterationStartedEventDetails,
    ).toEqual({ name: 'ReserveLines', index: 0 });
    expect(events[0]?.timestamp).toBeInstanceOf(Date);

    const reversed = await client.send(
      new GetExecutionHistoryCommand({
        executionArn: execution.executionArn,
        reverseOrder: true,
        maxResults: 2,
      }),
    );
    expect(reversed.events?.map((event) => event.type)).toEqual(['ExecutionSucceeded', types.at(-2)]);
    expect(reversed.nextToken).toBeDefined();
    const withoutData = await client.send(
      new GetExecutionHistoryCommand({
        executionArn: execution.executionArn,
        includeExecutionData: false,
        maxResults: 1,
      }),
    );
    expect(withoutData.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
  });

  it('takes the Default branch of the Choice', async () => {
    const execution = await runToEnd({ total: 20, items: [] });
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toMatchObject({ note: 'small order' });
    expect(calls.map((call) => call.name)).toEqual(['validate-order']);
  });

  it('catches a failing Map iteration, compensates, and ends in the Fail state', async () => {
    behaviour.outOfStock.add('B');
    const execution = await runToEnd({ total: 500, items: [{ sku: 'A' }, { sku: 'B' }] });

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ReservationFailed');
    expect(execution.cause).toBe('a line is out of stock');
    const release = calls.find((call) => call.name === 'release-stock');
    const failure = (release?.payload as { failure: { Error: string; Cause: string } }).failure;
    expect(failure.Error).toBe('OutOfStock');
    expect(JSON.parse(failure.Cause)).toMatchObject({
      errorType: 'OutOfStock',
      errorMessage: 'no stock for B',
    });
    const types = (await history(execution.executionArn as string)).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['TaskFailed', 'MapIterationFailed', 'FailStateEntered', 'ExecutionFailed']),
    );
  });

  it('fails with the function error once Retry is exhausted', async () => {
    behaviour.flakyFailures = 10;
    const execution = await runToEnd({ total: 1, items: [] });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Flaky');
    expect(JSON.parse(execution.cause as string)).toMatchObject({
      errorType: 'Flaky',
      errorMessage: 'the database blinked',
    });
    expect(calls).toHaveLength(4);
  });

  it('stops a running execution with StopExecution', async () => {
    const slow = await client.send(
      new CreateStateMachineCommand({
        name: 'slow',
        definition: JSON.stringify({
          StartAt: 'Sleep',
          States: { Sleep: { Type: 'Wait', SecondsPath: '$.seconds', End: true } },
        }),
        roleArn: 'arn:aws:iam::000000000000:role/slow',
      }),
    );
    // 100 000 s scaled by 0.001 is still 100 s: far longer than this test.
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: slow.stateMachineArn, input: '{"seconds":100000}' }),
    );
    const running = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(running.status).toBe('RUNNING');
    const listed = await client.send(
      new ListExecutionsCommand({ stateMachineArn: slow.stateMachineArn, statusFilter: 'RUNNING' }),
    );
    expect(listed.executions?.map((execution) => execution.executionArn)).toEqual([executionArn]);

    const { stopDate } = await client.send(
      new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'no longer needed' }),
    );
    expect(stopDate).toBeInstanceOf(Date);
    const stopped = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'no longer needed' });
    await sfn.service.waitForExecution(executionArn as string, 5_000);
    const events = await history(executionArn as string);
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'ExecutionAborted',
    ]);
    expect(events[2]?.executionAbortedEventDetails).toEqual({ error: 'Operator', cause: 'no longer needed' });
  });

  it('scales SecondsPath waits', async () => {
    const machine = await client.send(
      new CreateStateMachineCommand({
        name: 'scaled-wait',
        definition: JSON.stringify({
          StartAt: 'Sleep',
          States: {
            Sleep: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Done' },
            Done: { Type: 'Succeed' },
          },
        }),
        roleArn: 'arn:aws:iam::000000000000:role/x',
      }),
    );
    // One hour of waiting, scaled by 0.001, ends within the 10 s waitForExecution allows.
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"seconds":3600}' }),
    );
    const done = await sfn.service.waitForExecution(executionArn as string, 10_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({ seconds: 3600 });
  });

  it('fails executions that need what the emulator does not support, even under a States.ALL catch', async () => {
    const machine = await client.send(
      new CreateStateMachineCommand({
        name: 'needs-token',
        definition: JSON.stringify({
          StartAt: 'Ask',
          States: {
            Ask: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: { FunctionName: 'approve', Payload: { 'token.$': '$$.Task.Token' } },
              Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Swallowed' }],
              End: true,
            },
            Swallowed: { Type: 'Succeed' },
          },
        }),
        roleArn: 'arn:aws:iam::000000000000:role/x',
      }),
    );
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn }),
    );
    const done = await sfn.service.waitForExecution(executionArn as string, 5_000);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.Runtime');
    expect(done.cause).toMatch(/task tokens .* not supported/);
  });

  it('manages state machines: idempotent create, conflicts, update, describe, list, errors', async () => {
    const again = await client.send(
      new CreateStateMachineCommand({
        name: 'order-saga',
        definition: JSON.stringify(orderSaga),
        roleArn: 'arn:aws:iam::000000000000:role/saga',
      }),
    );
    expect(again.stateMachineArn).toBe(sagaArn);
    await expect(
      client.send(
        new CreateStateMachineCommand({
          name: 'order-saga',
          definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }),
          roleArn: 'r',
        }),
      ),
    ).rejects.toBeInstanceOf(StateMachineAlreadyExists);
    await expect(
      client.send(
        new CreateStateMachineCommand({
          name: 'broken',
          definition: '{"StartAt":"Missing","States":{}}',
          roleArn: 'r',
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidDefinition);

    const temp = await client.send(
      new CreateStateMachineCommand({
        name: 'temp',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Result: 1, End: true } } }),
        roleArn: 'r',
      }),
    );
    const updatedDefinition = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: 2, End: true } },
    });
    const update = await client.send(
      new UpdateStateMachineCommand({ stateMachineArn: temp.stateMachineArn, definition: updatedDefinition }),
    );
    expect(update.updateDate).toBeInstanceOf(Date);
    const described = await client.send(
      new DescribeStateMachineCommand({ stateMachineArn: temp.stateMachineArn }),
    );
    expect(described).toMatchObject({
      name: 'temp',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: updatedDefinition,
    });
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: temp.stateMachineArn, name: 'run-1' }),
    );
    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:temp:run-1');
    expect((await sfn.service.waitForExecution(executionArn as string)).output).toBe('2');
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: temp.stateMachineArn, name: 'run-1' })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const { stateMachines } = await client.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((machine) => machine.name)).toEqual(
      expect.arrayContaining(['order-saga', 'temp']),
    );
    await expect(
      client.send(
        new DescribeStateMachineCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope',
        }),
      ),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      client.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:000000000000:execution:temp:nope',
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('names the emulator and the port when the port is taken', async () => {
    const failure = startStepFunctions({ port: sfn.port });
    await expect(failure).rejects.toThrow(PortInUseError);
    await expect(failure).rejects.toThrow(`stepfunctions: port ${sfn.port} is already in use`);
  });
});

describe('Step Functions emulator without invokeFunction and with dataDir', () => {
  it('fails Lambda tasks with a cause that says so, and keeps machines and executions across restarts', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sfn-data-'));
    const first = await startStepFunctions({ dataDir });
    const client = new SFNClient(localClientConfig(first.endpoint));
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({
        name: 'needs-lambda',
        definition: JSON.stringify({
          StartAt: 'Call',
          States: { Call: { Type: 'Task', Resource: lambdaArn('anything'), End: true } },
        }),
        roleArn: 'r',
      }),
    );
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'first' }));
    const failed = await first.service.waitForExecution(executionArn as string);
    expect(failed.status).toBe('FAILED');
    expect(failed.cause).toMatch(/started without invokeFunction/);
    client.destroy();
    await first.stop();

    const second = await startStepFunctions({ dataDir });
    const again = new SFNClient(localClientConfig(second.endpoint));
    const { executions } = await again.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions?.map((execution) => [execution.name, execution.status])).toEqual([['first', 'FAILED']]);
    const events = await again.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.events?.at(-1)?.type).toBe('ExecutionFailed');
    again.destroy();
    await second.stop();
  });
});
