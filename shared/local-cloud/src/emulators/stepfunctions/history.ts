/** One event of GetExecutionHistory, in the wire shape (timestamp in epoch milliseconds here, seconds on the wire). */
export interface HistoryEventRecord {
  id: number;
  previousEventId: number;
  type: string;
  timestampMs: number;
  /** e.g. `{ stateEnteredEventDetails: { name, input, inputDetails } }` */
  details: Record<string, Record<string, unknown>>;
}

/** The subset of aws-local-stepfunctions event-log entries the history uses. */
export interface LibraryEvent {
  type: string;
  timestamp: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string; type: string };
  index?: number;
}

const json = (value: unknown): string => JSON.stringify(value ?? null);
const notTruncated = { truncated: false };
export const causeText = (cause: unknown): string =>
  typeof cause === 'string' ? cause : JSON.stringify(cause ?? '');

export class ExecutionHistory {
  readonly events: HistoryEventRecord[];

  constructor(events: HistoryEventRecord[] = []) {
    this.events = events;
  }

  append(
    type: string,
    details: Record<string, Record<string, unknown>> = {},
    timestampMs = Date.now(),
  ): void {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: id - 1, type, timestampMs, details });
  }

  /**
   * Translates an event of the library's log into AWS history events. `stateTypes` gives the type
   * of each state as written (a Wait run as a local Task is still reported as a Wait).
   */
  appendLibraryEvent(event: LibraryEvent, stateTypes: Map<string, string>, roleArn: string): void {
    const at = event.timestamp;
    const stateType = (name: string, fallback: string) => stateTypes.get(name) ?? fallback;
    switch (event.type) {
      case 'ExecutionStarted':
        this.append(
          'ExecutionStarted',
          { executionStartedEventDetails: { input: json(event.input), inputDetails: notTruncated, roleArn } },
          at,
        );
        return;
      case 'ExecutionSucceeded':
        this.append(
          'ExecutionSucceeded',
          { executionSucceededEventDetails: { output: json(event.output), outputDetails: notTruncated } },
          at,
        );
        return;
      case 'ExecutionFailed':
        this.append(
          'ExecutionFailed',
          {
            executionFailedEventDetails: {
              error: event.Error ?? 'States.Runtime',
              cause: causeText(event.Cause),
            },
          },
          at,
        );
        return;
      case 'ExecutionTimeout':
        this.append(
          'ExecutionTimedOut',
          {
            executionTimedOutEventDetails: {
              error: 'States.Timeout',
              cause: 'The execution timed out (TimeoutSeconds).',
            },
          },
          at,
        );
        return;
      case 'ExecutionAborted':
        // StopExecution records ExecutionAborted itself, with the caller's error and cause.
        return;
      case 'StateEntered':
        if (event.state === undefined) return;
        this.append(
          `${stateType(event.state.name, event.state.type)}StateEntered`,
          {
            stateEnteredEventDetails: {
              name: event.state.name,
              input: json(event.state.input),
              inputDetails: notTruncated,
            },
          },
          at,
        );
        return;
      case 'StateExited':
        if (event.state === undefined) return;
        this.append(
          `${stateType(event.state.name, event.state.type)}StateExited`,
          {
            stateExitedEventDetails: {
              name: event.state.name,
              output: json(event.state.output),
              outputDetails: notTruncated,
            },
          },
          at,
        );
        return;
      case 'StateFailed': {
        const type = event.state === undefined ? undefined : stateType(event.state.name, event.state.type);
        if (type === 'Map' || type === 'Parallel') this.append(`${type}StateFailed`, {}, at);
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
        const details: Record<string, unknown> = { name: event.parentState?.name, index: event.index };
        this.append(event.type, { [key]: details }, at);
        return;
      }
      default:
        // StateRetried, StateCaught and parallel branch events have no AWS counterpart.
        return;
    }
  }
}

/** The wire form: epoch seconds; input and output left out when includeExecutionData is false. */
export function toWireEvent(
  event: HistoryEventRecord,
  includeExecutionData: boolean,
): Record<string, unknown> {
  const details = Object.fromEntries(
    Object.entries(event.details).map(([key, value]) => {
      if (includeExecutionData) return [key, value];
      const { input: _input, output: _output, ...rest } = value;
      return [key, rest];
    }),
  );
  return {
    timestamp: event.timestampMs / 1000,
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
    ...details,
  };
}
