/** One structured line per event the local cloud routes outside the bus (queues, schedules, streams, objects, MQTT). */
export interface TriggerLogEntry {
  trigger: 'sqs' | 'dynamodb-stream' | 's3' | 'iot' | 'lambda-async' | 'state-machine';
  /** Queue, table, bucket, topic or rule the event came from. */
  source: string;
  /** Function or state machine it went to. */
  target: string;
  latencyMs?: number;
  outcome: string;
  error?: string;
  [detail: string]: unknown;
}

export type TriggerLogger = (entry: TriggerLogEntry) => void;

const FAILED = /fail|error|invalid/;

/** Writes each entry as one JSON line, in the shape of the bus's route log lines. */
export function jsonLinesTriggerLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
): TriggerLogger {
  return (entry) => {
    const level = FAILED.test(entry.outcome) ? 'warn' : 'info';
    write(
      `${JSON.stringify({ level, message: `${entry.trigger} route`, time: new Date().toISOString(), ...entry })}\n`,
    );
  };
}
