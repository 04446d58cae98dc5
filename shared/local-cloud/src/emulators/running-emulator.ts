/**
 * What every local emulator returns once it listens: a name for the start-up table, the
 * endpoint handlers receive through `AWS_ENDPOINT_URL_<SERVICE>`, the bound port (useful when
 * the caller asked for port 0) and a `stop()` that releases the port and any child process.
 */
export interface RunningEmulator {
  name: string;
  /** `http://127.0.0.1:PORT` (for the MQTT broker: `mqtt://127.0.0.1:PORT`). */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}
