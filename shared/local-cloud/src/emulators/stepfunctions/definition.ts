import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { AwsServiceError } from '../support/aws-json-server';
import { classifyTaskResource } from './task-resources';
import type { TaskResource } from './task-resources';

type StateObject = Record<string, unknown> & { Type?: unknown };

export interface WaitSpec {
  Seconds?: number;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
}

export interface ParsedDefinition {
  definition: StateMachineDefinition;
  /** Every Task state, at any depth (Map and Parallel included), by its unique name. */
  tasks: Map<string, TaskResource>;
  waits: Map<string, WaitSpec>;
  /** Type of every state by name, for history events. */
  stateTypes: Map<string, string>;
}

/**
 * aws-local-stepfunctions arms a setTimeout for TimeoutSeconds; Node caps timers at 2^31-1 ms and
 * fires a larger one after 1 ms, so AWS's maximum (99999999 s) would time a task out at once.
 */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** A copy of the definition with every TimeoutSeconds (machine and states) capped at MAX_TIMER_SECONDS. */
export function withTimerSafeTimeouts(definition: StateMachineDefinition): StateMachineDefinition {
  const clamp = (machine: Record<string, unknown>): Record<string, unknown> => {
    const states = machine.States as Record<string, StateObject>;
    const next: Record<string, StateObject> = {};
    for (const [name, state] of Object.entries(states)) {
      const copy: StateObject = { ...state };
      if (typeof state.TimeoutSeconds === 'number' && state.TimeoutSeconds > MAX_TIMER_SECONDS)
        copy.TimeoutSeconds = MAX_TIMER_SECONDS;
      for (const key of ['ItemProcessor', 'Iterator'] as const) {
        if (state[key] !== undefined) copy[key] = clamp(state[key] as Record<string, unknown>);
      }
      if (Array.isArray(state.Branches))
        copy.Branches = (state.Branches as Record<string, unknown>[]).map(clamp);
      next[name] = copy;
    }
    const result: Record<string, unknown> = { ...machine, States: next };
    if (typeof machine.TimeoutSeconds === 'number' && machine.TimeoutSeconds > MAX_TIMER_SECONDS)
      result.TimeoutSeconds = MAX_TIMER_SECONDS;
    return result;
  };
  return clamp(definition as unknown as Record<string, unknown>) as unknown as StateMachineDefinition;
}

/** Resource given to Wait states rewritten as local Tasks when wait durations are scaled. */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';

/**
 * Parses and validates a definition the way CreateStateMachine does, answering InvalidDefinition
 * with the reason. JSONata definitions are refused (aws-local-stepfunctions runs JSONPath only).
 */
export function parseDefinition(text: string): ParsedDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw invalid(`the definition is not JSON (${(error as Error).message})`);
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw invalid('the definition must be a JSON object');
  }
  if ((definition as Record<string, unknown>).QueryLanguage === 'JSONata') throw jsonataUnsupported();
  try {
    new StateMachine(definition as StateMachineDefinition);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const parsed: ParsedDefinition = {
    definition: definition as StateMachineDefinition,
    tasks: new Map(),
    waits: new Map(),
    stateTypes: new Map(),
  };
  walk(definition as Record<string, unknown>, parsed);
  return parsed;
}

function walk(machine: Record<string, unknown>, parsed: ParsedDefinition): void {
  const states = machine.States as Record<string, StateObject>;
  for (const [name, state] of Object.entries(states)) {
    if (parsed.stateTypes.has(name)) {
      throw invalid(`DUPLICATE_STATE_NAME: the state name ${name} is used more than once`);
    }
    if (state.QueryLanguage === 'JSONata') throw jsonataUnsupported();
    parsed.stateTypes.set(name, String(state.Type));
    if (state.Type === 'Task') parsed.tasks.set(name, classifyTaskResource(String(state.Resource)));
    if (state.Type === 'Wait') {
      const { Seconds, Timestamp, SecondsPath, TimestampPath } = state as WaitSpec & StateObject;
      parsed.waits.set(name, {
        ...(Seconds === undefined ? {} : { Seconds }),
        ...(Timestamp === undefined ? {} : { Timestamp }),
        ...(SecondsPath === undefined ? {} : { SecondsPath }),
        ...(TimestampPath === undefined ? {} : { TimestampPath }),
      });
    }
    if (state.Type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as Record<string, unknown> | undefined;
      if (processor !== undefined) walk(processor, parsed);
    }
    if (state.Type === 'Parallel') {
      for (const branch of (state.Branches as Record<string, unknown>[] | undefined) ?? [])
        walk(branch, parsed);
    }
  }
}

/**
 * A copy of the definition in which every Wait state is a Task on LOCAL_WAIT_RESOURCE, so a local
 * handler can pause for a scaled duration (the library's Wait override takes only fixed values,
 * which cannot express SecondsPath or TimestampPath). Input and output paths are kept.
 */
export function withWaitsAsLocalTasks(definition: StateMachineDefinition): StateMachineDefinition {
  const rewrite = (machine: Record<string, unknown>): Record<string, unknown> => {
    const states = machine.States as Record<string, StateObject>;
    const next: Record<string, StateObject> = {};
    for (const [name, state] of Object.entries(states)) {
      let copy: StateObject = { ...state };
      if (state.Type === 'Wait') {
        const { Seconds: _s, Timestamp: _t, SecondsPath: _sp, TimestampPath: _tp, ...rest } = copy;
        // A Task's default timeout is 60 s in aws-local-stepfunctions; a wait may be longer.
        copy = { ...rest, Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, TimeoutSeconds: MAX_TIMER_SECONDS };
      }
      if (state.Type === 'Map') {
        for (const key of ['ItemProcessor', 'Iterator'] as const) {
          if (state[key] !== undefined) copy[key] = rewrite(state[key] as Record<string, unknown>);
        }
      }
      if (state.Type === 'Parallel') {
        copy.Branches = ((state.Branches as Record<string, unknown>[] | undefined) ?? []).map(rewrite);
      }
      next[name] = copy;
    }
    return { ...machine, States: next };
  };
  return rewrite(definition as unknown as Record<string, unknown>) as unknown as StateMachineDefinition;
}

function jsonataUnsupported(): AwsServiceError {
  return invalid(
    'JSONata (QueryLanguage: JSONata) is not supported by the local Step Functions; use JSONPath',
  );
}

function invalid(reason: string): AwsServiceError {
  return new AwsServiceError('InvalidDefinition', `Invalid State Machine Definition: ${reason}`);
}
