import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { RunOptions, StateMachineDefinition } from 'aws-local-stepfunctions';
import { AwsServiceError } from '../support/aws-json-server';
import { LOCAL_REGION } from '../support/local-client-config';
import { executionArn, isValidStatesName, stateMachineArn } from './arns';
import type { StatesAccount } from './arns';
import { parseDefinition, withTimerSafeTimeouts, withWaitsAsLocalTasks } from './definition';
import type { ParsedDefinition, WaitSpec } from './definition';
import { ExecutionHistory, causeText } from './history';
import type { HistoryEventRecord, LibraryEvent } from './history';
import { evaluateReferencePath } from './reference-path';
import { functionNameOf } from './task-resources';
import type { TaskResource } from './task-resources';

/** Runs a local function; resolves with its result or rejects with its error (see LambdaFunctionError). */
export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;
/** Runs an optimized service integration such as `arn:aws:states:::sqs:sendMessage`. */
export type InvokeServiceIntegration = (resource: string, parameters: unknown) => Promise<unknown>;

/**
 * A function error as Lambda reports it (errorType, errorMessage, trace). Step Functions matches
 * Retry/Catch `ErrorEquals` against errorType. Any other Error counts with its `name` as errorType.
 */
export class LambdaFunctionError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly trace: string[] = [],
  ) {
    super(errorMessage);
    this.name = errorType;
  }
}

export type StateMachineType = 'STANDARD' | 'EXPRESS';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StoredStateMachine {
  name: string;
  arn: string;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  creationDateMs: number;
  updateDateMs?: number;
  revisionId: string;
}

export interface StoredExecution {
  arn: string;
  name: string;
  stateMachineArn: string;
  status: ExecutionStatus;
  startDateMs: number;
  stopDateMs?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  events: HistoryEventRecord[];
}

export interface LocalStepFunctionsOptions extends StatesAccount {
  invokeFunction?: InvokeFunction;
  invokeServiceIntegration?: InvokeServiceIntegration;
  /** Multiplies Wait durations and Retry intervals: 0.01 makes a 60 s wait last 0.6 s. Default 1. */
  waitTimeScale?: number;
  /** Called after every change worth persisting. */
  onChange?: () => void;
}

interface RunningExecution {
  abort: () => void;
  localAbort: AbortController;
  stopRequest?: { error?: string; cause?: string };
  done: Promise<void>;
}

const DEFAULT_ROLE = 'arn:aws:iam::000000000000:role/local-states';

/**
 * The Step Functions control plane around aws-local-stepfunctions: state machines, executions,
 * their status and an AWS-shaped history. Task states never reach AWS: Lambda resources go to
 * `invokeFunction`, other integrations to `invokeServiceIntegration`, and anything else fails the
 * execution with a cause that names what the local emulator does not support.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, StoredStateMachine>();
  private readonly parsed = new Map<string, ParsedDefinition>();
  private readonly executions = new Map<string, StoredExecution>();
  private readonly running = new Map<string, RunningExecution>();
  private readonly waitTimeScale: number;

  constructor(private readonly options: LocalStepFunctionsOptions = {}) {
    this.waitTimeScale = options.waitTimeScale ?? 1;
    if (!(this.waitTimeScale >= 0) || !Number.isFinite(this.waitTimeScale)) {
      throw new Error(
        `stepfunctions: waitTimeScale must be a finite number >= 0 (got ${options.waitTimeScale})`,
      );
    }
  }

  createStateMachine(request: {
    name: string;
    definition: string;
    roleArn?: string;
    type?: StateMachineType;
  }): StoredStateMachine {
    if (!isValidStatesName(request.name))
      throw new AwsServiceError('InvalidName', `Invalid Name: '${request.name}'`);
    const type = request.type ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS')
      throw new AwsServiceError('ValidationException', `Invalid type ${String(type)}`);
    const arn = stateMachineArn(request.name, this.options);
    const parsed = parseDefinition(request.definition);
    const existing = this.machines.get(arn);
    if (existing !== undefined) {
      if (existing.definition === request.definition && existing.type === type) return existing;
      throw new AwsServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const machine: StoredStateMachine = {
      name: request.name,
      arn,
      definition: request.definition,
      roleArn: request.roleArn ?? DEFAULT_ROLE,
      type,
      creationDateMs: Date.now(),
      revisionId: randomUUID(),
    };
    this.machines.set(arn, machine);
    this.parsed.set(arn, parsed);
    this.changed();
    return machine;
  }

  updateStateMachine(request: {
    stateMachineArn: string;
    definition?: string;
    roleArn?: string;
  }): StoredStateMachine {
    const machine = this.machine(request.stateMachineArn);
    if (request.definition === undefined && request.roleArn === undefined) {
      throw new AwsServiceError(
        'MissingRequiredParameter',
        'Either the definition or the roleArn must be specified.',
      );
    }
    if (request.definition !== undefined) {
      this.parsed.set(machine.arn, parseDefinition(request.definition));
      machine.definition = request.definition;
    }
    if (request.roleArn !== undefined) machine.roleArn = request.roleArn;
    machine.updateDateMs = Date.now();
    machine.revisionId = randomUUID();
    this.changed();
    return machine;
  }

  deleteStateMachine(arn: string): void {
    if (!this.machines.has(arn)) return;
    for (const [executionArn, running] of this.running) {
      if (this.executions.get(executionArn)?.stateMachineArn === arn) {
        running.stopRequest = { error: 'States.Runtime', cause: 'The state machine was deleted.' };
        running.abort();
      }
    }
    this.machines.delete(arn);
    this.parsed.delete(arn);
    this.changed();
  }

  listStateMachines(): StoredStateMachine[] {
    return [...this.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  describeStateMachine(arn: string): StoredStateMachine {
    return this.machine(arn);
  }

  startExecution(request: { stateMachineArn: string; name?: string; input?: string }): StoredExecution {
    const machine = this.machine(request.stateMachineArn);
    const parsed = this.parsed.get(machine.arn) as ParsedDefinition;
    const name = request.name ?? randomUUID();
    if (!isValidStatesName(name)) throw new AwsServiceError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    let inputValue: unknown;
    try {
      inputValue = JSON.parse(input);
    } catch {
      throw new AwsServiceError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: the input is not valid JSON',
      );
    }
    const arn = executionArn(machine.name, name, this.options);
    const previous = this.executions.get(arn);
    if (previous !== undefined) {
      if (previous.status === 'RUNNING' && previous.input === input) return previous;
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution: StoredExecution = {
      arn,
      name,
      stateMachineArn: machine.arn,
      status: 'RUNNING',
      startDateMs: Date.now(),
      input,
      events: [],
    };
    this.executions.set(arn, execution);
    this.run(execution, machine, parsed, inputValue);
    this.changed();
    return execution;
  }

  describeExecution(arn: string): StoredExecution {
    const execution = this.executions.get(arn);
    if (execution === undefined)
      throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  listExecutions(stateMachineArn: string, statusFilter?: ExecutionStatus): StoredExecution[] {
    this.machine(stateMachineArn);
    return [...this.executions.values()]
      .filter(
        (execution) =>
          execution.stateMachineArn === stateMachineArn &&
          (statusFilter === undefined || execution.status === statusFilter),
      )
      .sort((a, b) => b.startDateMs - a.startDateMs);
  }

  stopExecution(arn: string, error?: string, cause?: string): StoredExecution {
    const execution = this.describeExecution(arn);
    const running = this.running.get(arn);
    if (running !== undefined && execution.status === 'RUNNING') {
      running.stopRequest = {
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      };
      running.abort();
      this.finish(execution, 'ABORTED', {
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      });
    }
    return execution;
  }

  /** Resolves with the execution once it is no longer RUNNING. */
  async waitForExecution(arn: string, timeoutMs = 30_000): Promise<StoredExecution> {
    const execution = this.describeExecution(arn);
    const running = this.running.get(arn);
    if (running === undefined) return execution;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`stepfunctions: ${arn} still running after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([running.done, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return execution;
  }

  /** Aborts every running execution and waits for them to settle (used on stop). */
  async abortAll(cause: string): Promise<void> {
    const pending = [...this.running.entries()].map(([arn, running]) => {
      this.stopExecution(arn, 'States.Runtime', cause);
      return running.done;
    });
    await Promise.all(pending);
  }

  snapshot(): { stateMachines: StoredStateMachine[]; executions: StoredExecution[] } {
    return { stateMachines: [...this.machines.values()], executions: [...this.executions.values()] };
  }

  /** Loads persisted state; executions that were running when the process ended are marked ABORTED. */
  restore(state: { stateMachines: StoredStateMachine[]; executions: StoredExecution[] }): void {
    for (const machine of state.stateMachines) {
      this.machines.set(machine.arn, machine);
      this.parsed.set(machine.arn, parseDefinition(machine.definition));
    }
    for (const execution of state.executions) {
      if (execution.status === 'RUNNING') {
        const cause = 'The local cloud stopped while this execution was running.';
        const history = new ExecutionHistory(execution.events);
        history.append('ExecutionAborted', {
          executionAbortedEventDetails: { error: 'States.Runtime', cause },
        });
        Object.assign(execution, {
          status: 'ABORTED',
          stopDateMs: Date.now(),
          error: 'States.Runtime',
          cause,
        });
      }
      this.executions.set(execution.arn, execution);
    }
  }

  private machine(arn: string): StoredStateMachine {
    const machine = this.machines.get(arn);
    if (machine === undefined)
      throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private run(
    execution: StoredExecution,
    machine: StoredStateMachine,
    parsed: ParsedDefinition,
    input: unknown,
  ): void {
    const history = new ExecutionHistory(execution.events);
    const scaled = this.waitTimeScale !== 1;
    const definition: StateMachineDefinition = withTimerSafeTimeouts(
      scaled ? withWaitsAsLocalTasks(parsed.definition) : parsed.definition,
    );
    const localAbort = new AbortController();
    const context = {
      Execution: { Id: execution.arn, Name: execution.name, RoleArn: machine.roleArn, Input: input },
      StateMachine: { Id: machine.arn, Name: machine.name },
      // Present so that Parameters naming $$.Task.Token resolve and the task can report that
      // callbacks are unsupported, instead of failing on a missing path.
      Task: { Token: 'local-task-tokens-are-not-supported' },
    };
    const taskResourceLocalHandlers: NonNullable<
      NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']
    > = {};
    for (const [stateName, resource] of parsed.tasks) {
      taskResourceLocalHandlers[stateName] = (taskInput) =>
        this.runTask(history, stateName, resource, taskInput, localAbort.signal) as never;
    }
    if (scaled) {
      for (const [stateName, wait] of parsed.waits) {
        taskResourceLocalHandlers[stateName] = (waitInput) =>
          this.scaledWait(stateName, wait, waitInput, context, localAbort.signal) as never;
      }
    }
    const overrides: NonNullable<RunOptions['overrides']> = { taskResourceLocalHandlers };
    if (scaled) overrides.retryIntervalOverrides = this.scaledRetryIntervals(parsed.definition);

    const runner = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const run = runner.run(input as never, { overrides, context: context as never });
    const consumeEvents = (async () => {
      for await (const event of run.eventLogs) {
        history.appendLibraryEvent(event as unknown as LibraryEvent, parsed.stateTypes, machine.roleArn);
      }
    })();
    const done = (async () => {
      let outcome: { status: ExecutionStatus; output?: string; error?: string; cause?: string };
      try {
        const output = await run.result;
        outcome = { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) };
      } catch (error) {
        if (error instanceof ExecutionAbortedError) outcome = { status: 'ABORTED' };
        else if (error instanceof ExecutionTimeoutError)
          outcome = {
            status: 'TIMED_OUT',
            error: 'States.Timeout',
            cause: 'The execution timed out (TimeoutSeconds).',
          };
        else {
          const inner = (error as Error & { cause?: unknown }).cause;
          outcome = {
            status: 'FAILED',
            error: inner instanceof Error ? inner.name : 'States.Runtime',
            cause:
              inner instanceof Error
                ? causeText((inner as Error & { cause?: unknown }).cause ?? inner.message)
                : causeText(String(error)),
          };
        }
      }
      localAbort.abort();
      await consumeEvents;
      this.running.delete(execution.arn);
      if (execution.status === 'RUNNING') this.finish(execution, outcome.status, outcome);
      else this.changed();
    })();
    this.running.set(execution.arn, { abort: run.abort, localAbort, done });
  }

  private finish(
    execution: StoredExecution,
    status: ExecutionStatus,
    outcome: { output?: string; error?: string; cause?: string },
  ): void {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.stopDateMs = Date.now();
    if (outcome.output !== undefined) execution.output = outcome.output;
    if (outcome.error !== undefined) execution.error = outcome.error;
    if (outcome.cause !== undefined) execution.cause = outcome.cause;
    if (status === 'ABORTED') {
      this.running.get(execution.arn)?.localAbort.abort();
      new ExecutionHistory(execution.events).append('ExecutionAborted', {
        executionAbortedEventDetails: {
          ...(outcome.error === undefined ? {} : { error: outcome.error }),
          ...(outcome.cause === undefined ? {} : { cause: outcome.cause }),
        },
      });
    }
    this.changed();
  }

  private async runTask(
    history: ExecutionHistory,
    stateName: string,
    resource: TaskResource,
    input: unknown,
    signal: AbortSignal,
  ): Promise<unknown> {
    // Let the event-log consumer record TaskStateEntered before the task's own events.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal.aborted) throw runtimeError('The execution was stopped.');
    switch (resource.kind) {
      case 'unsupported':
        throw runtimeError(`${stateName}: ${resource.reason}`);
      case 'lambda-arn': {
        const invoke = this.requireInvoker(stateName);
        history.append('LambdaFunctionScheduled', {
          lambdaFunctionScheduledEventDetails: {
            resource: resource.resource,
            input: JSON.stringify(input ?? null),
            inputDetails: { truncated: false },
          },
        });
        history.append('LambdaFunctionStarted');
        try {
          const result = await invoke(resource.functionName, input);
          history.append('LambdaFunctionSucceeded', {
            lambdaFunctionSucceededEventDetails: {
              output: JSON.stringify(result ?? null),
              outputDetails: { truncated: false },
            },
          });
          return result ?? null;
        } catch (error) {
          const failure = functionFailure(error);
          history.append('LambdaFunctionFailed', {
            lambdaFunctionFailedEventDetails: { error: failure.name, cause: failure.message },
          });
          throw failure;
        }
      }
      case 'lambda-invoke': {
        const invoke = this.requireInvoker(stateName);
        const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
        if (typeof parameters.FunctionName !== 'string') {
          throw runtimeError(`${stateName}: arn:aws:states:::lambda:invoke needs Parameters.FunctionName`);
        }
        const functionName = functionNameOf(parameters.FunctionName);
        const details = { resourceType: 'lambda', resource: 'invoke' };
        history.append('TaskScheduled', {
          taskScheduledEventDetails: {
            ...details,
            region: this.options.region ?? LOCAL_REGION,
            parameters: JSON.stringify(parameters),
          },
        });
        history.append('TaskStarted', { taskStartedEventDetails: details });
        try {
          const payload = await invoke(functionName, parameters.Payload ?? {});
          const output = {
            ExecutedVersion: '$LATEST',
            Payload: payload ?? null,
            SdkHttpMetadata: { HttpStatusCode: 200 },
            SdkResponseMetadata: { RequestId: randomUUID() },
            StatusCode: 200,
          };
          history.append('TaskSucceeded', {
            taskSucceededEventDetails: {
              ...details,
              output: JSON.stringify(output),
              outputDetails: { truncated: false },
            },
          });
          return output;
        } catch (error) {
          const failure = functionFailure(error);
          history.append('TaskFailed', {
            taskFailedEventDetails: { ...details, error: failure.name, cause: failure.message },
          });
          throw failure;
        }
      }
      case 'service-integration': {
        const integrate = this.options.invokeServiceIntegration;
        if (integrate === undefined) {
          throw runtimeError(
            `${stateName}: the service integration ${resource.resource} is not available locally (no invokeServiceIntegration given)`,
          );
        }
        const [, , , , , service = 'unknown', action = 'unknown'] = resource.resource.split(':');
        const details = { resourceType: service, resource: action };
        history.append('TaskScheduled', {
          taskScheduledEventDetails: {
            ...details,
            region: this.options.region ?? LOCAL_REGION,
            parameters: JSON.stringify(input ?? null),
          },
        });
        history.append('TaskStarted', { taskStartedEventDetails: details });
        try {
          const output = await integrate(resource.resource, input);
          history.append('TaskSucceeded', {
            taskSucceededEventDetails: {
              ...details,
              output: JSON.stringify(output ?? null),
              outputDetails: { truncated: false },
            },
          });
          return output ?? null;
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          history.append('TaskFailed', {
            taskFailedEventDetails: { ...details, error: failure.name, cause: failure.message },
          });
          throw failure;
        }
      }
    }
  }

  private requireInvoker(stateName: string): InvokeFunction {
    const invoke = this.options.invokeFunction;
    if (invoke === undefined) {
      throw runtimeError(
        `${stateName}: the Step Functions emulator was started without invokeFunction, so it cannot run Lambda tasks`,
      );
    }
    return invoke;
  }

  private async scaledWait(
    stateName: string,
    wait: WaitSpec,
    input: unknown,
    context: unknown,
    signal: AbortSignal,
  ): Promise<unknown> {
    let milliseconds: number;
    if (wait.Seconds !== undefined) milliseconds = wait.Seconds * 1000;
    else if (wait.Timestamp !== undefined) milliseconds = Date.parse(wait.Timestamp) - Date.now();
    else {
      const path = (wait.SecondsPath ?? wait.TimestampPath) as string;
      const value = evaluateReferencePath(path, input, context);
      if (wait.SecondsPath !== undefined) {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
          throw runtimeError(
            `${stateName}: SecondsPath ${path} must point to a non-negative integer (got ${JSON.stringify(value)})`,
          );
        }
        milliseconds = value * 1000;
      } else {
        const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(time)) {
          throw runtimeError(
            `${stateName}: TimestampPath ${path} must point to an ISO-8601 timestamp (got ${JSON.stringify(value)})`,
          );
        }
        milliseconds = time - Date.now();
      }
    }
    await abortableSleep(Math.max(0, milliseconds) * this.waitTimeScale, signal);
    return input;
  }

  private scaledRetryIntervals(definition: StateMachineDefinition): Record<string, number[]> {
    const overrides: Record<string, number[]> = {};
    const visit = (machine: { States: Record<string, unknown> }) => {
      for (const [name, raw] of Object.entries(machine.States)) {
        const state = raw as {
          Retry?: { IntervalSeconds?: number }[];
          ItemProcessor?: never;
          Iterator?: never;
          Branches?: never[];
        };
        if (state.Retry !== undefined) {
          overrides[name] = state.Retry.map(
            (retrier) => (retrier.IntervalSeconds ?? 1) * 1000 * this.waitTimeScale,
          );
        }
        const processor = (state.ItemProcessor ?? state.Iterator) as
          { States: Record<string, unknown> } | undefined;
        if (processor !== undefined) visit(processor);
        for (const branch of (state.Branches ?? []) as { States: Record<string, unknown> }[]) visit(branch);
      }
    };
    visit(definition as unknown as { States: Record<string, unknown> });
    return overrides;
  }
}

/** An error of the emulator itself: neither retried nor caught, so the execution fails with its cause. */
function runtimeError(message: string): Error {
  return Object.assign(new Error(message), {
    name: 'States.Runtime',
    isRetryable: false,
    isCatchable: false,
  });
}

/** The error Step Functions sees from a failed function: name = errorType, message = Lambda's JSON cause. */
function functionFailure(error: unknown): Error {
  let errorType = 'Error';
  let errorMessage = String(error);
  let trace: string[] = [];
  if (error instanceof LambdaFunctionError) {
    ({ errorType, errorMessage, trace } = error);
  } else if (error instanceof Error) {
    errorType = error.name;
    errorMessage = error.message;
    trace = (error.stack ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  const failure = new Error(JSON.stringify({ errorType, errorMessage, trace }));
  failure.name = errorType;
  return failure;
}

function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(runtimeError('The execution was stopped.'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(runtimeError('The execution was stopped.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
