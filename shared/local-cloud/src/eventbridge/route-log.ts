export type RouteOutcome =
  /** The target accepted the event. */
  | 'delivered'
  /** Retries exhausted (or the input could not be built); the event went to the target's DLQ. */
  | 'dead-lettered'
  /** Retries exhausted and the target has no DLQ: the event is lost, as on AWS. */
  | 'dropped'
  /** Sending to the DLQ failed too. */
  | 'dead-letter-failed';

/** One line per routed event and target, written when the delivery settles. */
export interface RouteLogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: 'eventbridge route';
  readonly time: string;
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  readonly eventBusName: string;
  readonly rule: string;
  readonly targetId: string;
  readonly target: string;
  /** From the bus accepting the event to the delivery settling. */
  readonly latencyMs: number;
  readonly outcome: RouteOutcome;
  readonly attempts: number;
  readonly error?: string;
  readonly replayName?: string;
}

export type RouteLogger = (entry: RouteLogEntry) => void;

/** Writes each entry as one JSON line on stdout. */
export const jsonLinesRouteLogger: RouteLogger = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};
