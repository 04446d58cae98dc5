import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { RunningEmulator } from '../running-emulator';
import { spawnGuarded } from '../support/guarded-process';
import type { GuardedProcess } from '../support/guarded-process';
import { localClientConfig } from '../support/local-client-config';
import { LOCAL_HOST, PortInUseError, assertPortFree, findFreePort } from '../support/ports';
import { findJava } from './find-java';

export interface DynamoDbEmulatorOptions {
  /** Only 127.0.0.1 is accepted; see the note on binding in RunningDynamoDb. */
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder for the database file (`shared-local-instance.db`); data survives restarts. */
  dataDir?: string;
  /** Keep tables in memory only. Defaults to true when no dataDir is given. */
  inMemory?: boolean;
  /** Path of the java executable; default: `java` on PATH. */
  javaPath?: string;
  /**
   * JVM flags. The default favours start-up time over peak throughput (C1 only, serial GC),
   * which suits a local emulator on a small machine.
   */
  javaOptions?: readonly string[];
  /** How long to wait for the first successful ListTables. */
  startTimeoutMs?: number;
  /** Receives DynamoDB Local's own output (it is quiet after start-up). */
  onOutput?: (chunk: string) => void;
}

export interface RunningDynamoDb extends RunningEmulator {
  name: 'dynamodb';
  /** Process group id of the JVM (and its watchdog). */
  pid: number;
  /** Milliseconds from spawn to the first successful ListTables. */
  startupMs: number;
  /** Where the data lives, when persistent. */
  dataDir?: string;
}

export const DEFAULT_DYNAMODB_JAVA_OPTIONS: readonly string[] = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
];

const EMULATOR_NAME = 'dynamodb';

/**
 * Starts DynamoDB Local (the official jar shipped in `amplify-dynamodb-simulator`) as a JVM child
 * process that is always killed with its parent, and resolves once it answers ListTables.
 *
 * `-sharedDb` is always on: handlers with any dummy credentials and region see the same tables.
 * Telemetry is disabled (the machines are offline).
 *
 * Note: DynamoDB Local has no bind-address option; the JVM listens on all interfaces. Endpoints
 * handed out use 127.0.0.1.
 */
export async function startDynamoDb(options: DynamoDbEmulatorOptions = {}): Promise<RunningDynamoDb> {
  const inMemory = options.inMemory ?? options.dataDir === undefined;
  if (options.inMemory === true && options.dataDir !== undefined) {
    throw new Error('dynamodb: choose either inMemory or dataDir, not both');
  }
  if (options.host !== undefined && options.host !== LOCAL_HOST) {
    throw new Error(`dynamodb: only ${LOCAL_HOST} is supported as host`);
  }
  const java = findJava(options.javaPath);
  const emulatorDir = dynamoDbLocalDirectory();
  const dataDir = inMemory ? undefined : path.resolve(options.dataDir as string);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });

  const requestedPort = options.port ?? 0;
  // A random port can be taken between probing and the JVM binding it; try a fresh one then.
  const attempts = requestedPort === 0 ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = requestedPort === 0 ? await findFreePort() : requestedPort;
    if (requestedPort !== 0) await assertPortFree(EMULATOR_NAME, port);
    try {
      return await launch({ java, emulatorDir, port, dataDir, options });
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw lastError;
}

interface LaunchInput {
  java: string;
  emulatorDir: string;
  port: number;
  dataDir: string | undefined;
  options: DynamoDbEmulatorOptions;
}

async function launch({ java, emulatorDir, port, dataDir, options }: LaunchInput): Promise<RunningDynamoDb> {
  const args = [
    ...(options.javaOptions ?? DEFAULT_DYNAMODB_JAVA_OPTIONS),
    `-Djava.library.path=${path.join(emulatorDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(emulatorDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(dataDir === undefined ? ['-inMemory'] : ['-dbPath', dataDir]),
  ];
  const startedAt = performance.now();
  const child = spawnGuarded(java, args, { cwd: emulatorDir, onOutput: options.onOutput });
  const endpoint = `http://${LOCAL_HOST}:${port}`;
  try {
    await waitUntilReady(child, endpoint, port, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const startupMs = Math.round(performance.now() - startedAt);
  return {
    name: EMULATOR_NAME,
    endpoint,
    port,
    pid: child.pid,
    startupMs,
    ...(dataDir === undefined ? {} : { dataDir }),
    stop: () => child.stop(),
  };
}

async function waitUntilReady(
  child: GuardedProcess,
  endpoint: string,
  port: number,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    ...localClientConfig(endpoint),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 2_000 },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.hasExited()) {
        const output = child.recentOutput();
        if (/Address already in use|BindException/i.test(output)) {
          throw new PortInUseError(EMULATOR_NAME, port);
        }
        throw new Error(`dynamodb: DynamoDB Local exited during start-up. Its output:\n${output}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(
          `dynamodb: DynamoDB Local did not answer within ${timeoutMs} ms. Its output:\n${child.recentOutput()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    client.destroy();
  }
}

/** The folder holding DynamoDBLocal.jar and its native libraries inside amplify-dynamodb-simulator. */
export function dynamoDbLocalDirectory(): string {
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}
