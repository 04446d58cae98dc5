import net from 'node:net';
import path from 'node:path';
import { spawnGuarded } from '../emulators/support/guarded-process';
import type { GuardedProcess } from '../emulators/support/guarded-process';
import { LOCAL_STAGE } from '../config/local-aws';

export interface OfflineServiceOptions {
  /** Directory name under services/ (shown in messages). */
  label: string;
  serviceDir: string;
  httpPort: number;
  lambdaPort: number;
  /** Where the preload posts the resolved configuration (see offline-preload.cjs). */
  handshakeUrl: string;
  /** Environment of the offline process; serverless-offline copies only AWS_* into handlers. */
  env: NodeJS.ProcessEnv;
  onOutput?: (chunk: string) => void;
}

export interface OfflineServiceProcess {
  label: string;
  pid: number;
  httpPort: number;
  lambdaPort: number;
  /** Resolves when serverless-offline has exited; null code when killed by a signal. */
  exited: Promise<number | null>;
  hasExited(): boolean;
  recentOutput(): string;
  /** Resolves once the Lambda invoke endpoint (and the HTTP server, when asked) accept connections. */
  waitUntilReady(options: { http: boolean; timeoutMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** Exit code the preload uses when the local cloud refused the configuration. */
export const HANDSHAKE_ABORT_EXIT_CODE = 78;

const PRELOAD = path.join(__dirname, 'offline-preload.cjs');
const BUILD_ERROR = /✘ \[ERROR\]|Build failed with \d+ error/;

/** `serverless offline start` for one service, in its own process group that dies with this process. */
export function startOfflineService(options: OfflineServiceOptions): OfflineServiceProcess {
  const serverlessBin = require.resolve('serverless/bin/serverless.js', {
    paths: [options.serviceDir, __dirname],
  });
  const args = [
    // Lets the preload give idle memory back (see offline-preload.cjs); a smaller young
    // generation trims another few tens of MB per service.
    '--expose-gc',
    '--max-semi-space-size=2',
    '--require',
    PRELOAD,
    serverlessBin,
    'offline',
    'start',
    '--stage',
    LOCAL_STAGE,
    '--host',
    '127.0.0.1',
    '--httpPort',
    String(options.httpPort),
    '--lambdaPort',
    String(options.lambdaPort),
    // URLs read like the API Gateway custom domain: http://127.0.0.1:3001/orders, not /local/orders.
    '--noPrependStageInUrl',
    '--noSponsor',
  ];
  const child: GuardedProcess = spawnGuarded(process.execPath, args, {
    cwd: options.serviceDir,
    env: {
      ...options.env,
      STRATUS_OFFLINE_HANDSHAKE_URL: options.handshakeUrl,
      FORCE_COLOR: '0',
      SLS_TELEMETRY_DISABLED: '1',
      // esbuild (Go) keeps ~200 MB after bundling a service unless its collector is told to return it.
      GOMEMLIMIT: '32MiB',
      GOGC: '20',
    },
    outputLimit: 32_768,
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });

  const waitUntilReady = async ({ http, timeoutMs = 120_000 }: { http: boolean; timeoutMs?: number }) => {
    const deadline = Date.now() + timeoutMs;
    const ports = http ? [options.lambdaPort, options.httpPort] : [options.lambdaPort];
    for (const port of ports) {
      while (!(await accepts(port))) {
        // serverless-esbuild waits forever after a failed build: report it instead of waiting.
        const buildError = BUILD_ERROR.exec(child.recentOutput());
        if (buildError) {
          throw new OfflineBuildError(options.label, tail(child.recentOutput().slice(buildError.index), 12));
        }
        if (child.hasExited()) {
          const code = await child.exited;
          throw new OfflineServiceExitedError(options.label, code, child.recentOutput());
        }
        if (Date.now() > deadline) {
          throw new Error(
            `[${options.label}] serverless offline did not listen on port ${port} within ${timeoutMs} ms:\n${tail(child.recentOutput())}`,
          );
        }
        await delay(100);
      }
    }
  };

  return {
    label: options.label,
    pid: child.pid,
    httpPort: options.httpPort,
    lambdaPort: options.lambdaPort,
    exited: child.exited,
    hasExited: () => child.hasExited(),
    recentOutput: () => child.recentOutput(),
    waitUntilReady,
    stop: () => child.stop(5_000),
  };
}

/** A service's code did not bundle; the message carries esbuild's error with file and line. */
export class OfflineBuildError extends Error {
  constructor(
    readonly label: string,
    readonly output: string,
  ) {
    super(`[${label}] bundling failed, fix the code and start again:\n${output}`);
    this.name = 'OfflineBuildError';
  }
}

export class OfflineServiceExitedError extends Error {
  constructor(
    readonly label: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(
      exitCode === HANDSHAKE_ABORT_EXIT_CODE
        ? `[${label}] serverless offline stopped: the local cloud refused the configuration`
        : `[${label}] serverless offline exited (code ${String(exitCode)}) before it was ready:\n${tail(output)}`,
    );
    this.name = 'OfflineServiceExitedError';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
