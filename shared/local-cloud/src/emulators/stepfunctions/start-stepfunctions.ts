import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RunningEmulator } from '../running-emulator';
import { AwsServiceError, createAwsJsonServer, input } from '../support/aws-json-server';
import { readJsonState, writeJsonState } from '../support/json-state-file';
import { LOCAL_HOST, closeServer, listenOn } from '../support/ports';
import { toWireEvent } from './history';
import { LocalStepFunctions } from './local-step-functions';
import type {
  ExecutionStatus,
  InvokeFunction,
  InvokeServiceIntegration,
  StateMachineType,
  StoredExecution,
  StoredStateMachine,
} from './local-step-functions';

export interface StepFunctionsEmulatorOptions {
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keeps state machines and executions (with history) in `stepfunctions.json`. */
  dataDir?: string;
  /** Runs Lambda Task resources (function ARNs and arn:aws:states:::lambda:invoke). */
  invokeFunction?: InvokeFunction;
  /** Runs other optimized integrations (arn:aws:states:::sqs:sendMessage, ...). */
  invokeServiceIntegration?: InvokeServiceIntegration;
  /** Multiplies Wait durations and Retry intervals (e.g. 0.001 in tests). Default 1. */
  waitTimeScale?: number;
  region?: string;
  accountId?: string;
}

export interface RunningStepFunctions extends RunningEmulator {
  name: 'stepfunctions';
  /** The control plane, for the orchestrator (create machines from serverless.yml, await executions). */
  service: LocalStepFunctions;
}

const EMULATOR_NAME = 'stepfunctions';
const STATE_FILE = 'stepfunctions.json';
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/**
 * Serves the Step Functions API (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.*`) that
 * `@aws-sdk/client-sfn` speaks: Create/Update/Delete/List/DescribeStateMachine, StartExecution,
 * DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution.
 */
export async function startStepFunctions(
  options: StepFunctionsEmulatorOptions = {},
): Promise<RunningStepFunctions> {
  if (options.host !== undefined && options.host !== LOCAL_HOST) {
    throw new Error(`stepfunctions: only ${LOCAL_HOST} is supported as host`);
  }
  const stateFile =
    options.dataDir === undefined ? undefined : path.join(path.resolve(options.dataDir), STATE_FILE);
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    saveTimer = undefined;
    if (stateFile === undefined) return;
    writeJsonState(stateFile, service.snapshot());
  };
  const service: LocalStepFunctions = new LocalStepFunctions({
    ...(options.invokeFunction === undefined ? {} : { invokeFunction: options.invokeFunction }),
    ...(options.invokeServiceIntegration === undefined
      ? {}
      : { invokeServiceIntegration: options.invokeServiceIntegration }),
    ...(options.waitTimeScale === undefined ? {} : { waitTimeScale: options.waitTimeScale }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    onChange: () => {
      // Coalesce bursts (every history event of a busy execution) into one write.
      if (stateFile !== undefined && saveTimer === undefined) saveTimer = setTimeout(save, 100);
    },
  });
  if (stateFile !== undefined) {
    mkdirSync(path.dirname(stateFile), { recursive: true });
    const state = readJsonState<ReturnType<LocalStepFunctions['snapshot']>>(stateFile, 'stepfunctions');
    if (state !== undefined) service.restore(state);
  }

  const server = createAwsJsonServer({
    jsonVersion: '1.0',
    onInternalError: (error, target) => console.error(`stepfunctions: ${target} failed`, error),
    operations: {
      'AWSStepFunctions.CreateStateMachine': (request) => {
        const roleArn = input.optionalString(request.roleArn, 'roleArn');
        const type = input.optionalString(request.type, 'type') as StateMachineType | undefined;
        const machine = service.createStateMachine({
          name: input.string(request.name, 'name'),
          definition: input.string(request.definition, 'definition'),
          ...(roleArn === undefined ? {} : { roleArn }),
          ...(type === undefined ? {} : { type }),
        });
        return { stateMachineArn: machine.arn, creationDate: seconds(machine.creationDateMs) };
      },
      'AWSStepFunctions.UpdateStateMachine': (request) => {
        const definition = input.optionalString(request.definition, 'definition');
        const roleArn = input.optionalString(request.roleArn, 'roleArn');
        const machine = service.updateStateMachine({
          stateMachineArn: input.string(request.stateMachineArn, 'stateMachineArn'),
          ...(definition === undefined ? {} : { definition }),
          ...(roleArn === undefined ? {} : { roleArn }),
        });
        return { updateDate: seconds(machine.updateDateMs), revisionId: machine.revisionId };
      },
      'AWSStepFunctions.DeleteStateMachine': (request) => {
        service.deleteStateMachine(input.string(request.stateMachineArn, 'stateMachineArn'));
        return {};
      },
      'AWSStepFunctions.ListStateMachines': (request) => {
        const { items, nextToken } = page(service.listStateMachines(), request);
        return {
          stateMachines: items.map((machine) => ({
            stateMachineArn: machine.arn,
            name: machine.name,
            type: machine.type,
            creationDate: seconds(machine.creationDateMs),
          })),
          ...(nextToken === undefined ? {} : { nextToken }),
        };
      },
      'AWSStepFunctions.DescribeStateMachine': (request) =>
        describeMachine(
          service.describeStateMachine(input.string(request.stateMachineArn, 'stateMachineArn')),
        ),
      'AWSStepFunctions.StartExecution': (request) => {
        const name = input.optionalString(request.name, 'name');
        const executionInput =
          request.input === undefined || request.input === null ? undefined : String(request.input);
        const execution = service.startExecution({
          stateMachineArn: input.string(request.stateMachineArn, 'stateMachineArn'),
          ...(name === undefined ? {} : { name }),
          ...(executionInput === undefined ? {} : { input: executionInput }),
        });
        return { executionArn: execution.arn, startDate: seconds(execution.startDateMs) };
      },
      'AWSStepFunctions.DescribeExecution': (request) =>
        describeExecution(service.describeExecution(input.string(request.executionArn, 'executionArn'))),
      'AWSStepFunctions.ListExecutions': (request) => {
        const statusFilter = input.optionalString(request.statusFilter, 'statusFilter') as
          ExecutionStatus | undefined;
        const all = service.listExecutions(
          input.string(request.stateMachineArn, 'stateMachineArn'),
          statusFilter,
        );
        const { items, nextToken } = page(all, request);
        return {
          executions: items.map(executionListItem),
          ...(nextToken === undefined ? {} : { nextToken }),
        };
      },
      'AWSStepFunctions.GetExecutionHistory': (request) => {
        const execution = service.describeExecution(input.string(request.executionArn, 'executionArn'));
        const ordered =
          input.optionalBoolean(request.reverseOrder, 'reverseOrder') === true
            ? [...execution.events].reverse()
            : execution.events;
        const { items, nextToken } = page(ordered, request);
        const includeData =
          input.optionalBoolean(request.includeExecutionData, 'includeExecutionData') ?? true;
        return {
          events: items.map((event) => toWireEvent(event, includeData)),
          ...(nextToken === undefined ? {} : { nextToken }),
        };
      },
      'AWSStepFunctions.StopExecution': (request) => {
        const error = input.optionalString(request.error, 'error');
        const cause = input.optionalString(request.cause, 'cause');
        const execution = service.stopExecution(
          input.string(request.executionArn, 'executionArn'),
          error,
          cause,
        );
        return { stopDate: seconds(execution.stopDateMs ?? Date.now()) };
      },
    },
  });
  const port = await listenOn(server, EMULATOR_NAME, options.port ?? 0);
  return {
    name: EMULATOR_NAME,
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    service,
    async stop() {
      await closeServer(server);
      await service.abortAll('The local cloud stopped.');
      if (saveTimer !== undefined) clearTimeout(saveTimer);
      save();
    },
  };
}

function describeMachine(machine: StoredStateMachine) {
  return {
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: seconds(machine.creationDateMs),
    revisionId: machine.revisionId,
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  };
}

/** An execution as ListExecutions lists it; DescribeExecution adds input, output and errors. */
function executionListItem(execution: StoredExecution) {
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDateMs),
    ...(execution.stopDateMs === undefined ? {} : { stopDate: seconds(execution.stopDateMs) }),
  };
}

function describeExecution(execution: StoredExecution) {
  return {
    ...executionListItem(execution),
    input: execution.input,
    inputDetails: { included: true },
    ...(execution.output === undefined
      ? {}
      : { output: execution.output, outputDetails: { included: true } }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
  };
}

/** Offset paging with opaque tokens; maxResults 0 or absent means the AWS default of 100 (at most 1000). */
function page<T>(items: T[], request: Record<string, unknown>): { items: T[]; nextToken?: string } {
  const requested = input.optionalNumber(request.maxResults, 'maxResults') ?? 0;
  if (!Number.isInteger(requested) || requested < 0 || requested > 1000) {
    throw new AwsServiceError(
      'ValidationException',
      `maxResults must be between 0 and 1000 (got ${requested})`,
    );
  }
  const size = requested === 0 ? 100 : requested;
  const token = input.optionalString(request.nextToken, 'nextToken');
  let start = 0;
  if (token !== undefined) {
    const decoded = Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw new AwsServiceError('InvalidToken', 'Invalid Token');
    start = decoded;
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64') } : {}),
  };
}
