import { execFile } from 'node:child_process';
import { LOCAL_STAGE } from './local-aws';
import type { ServerlessConfiguration } from './serverless-configuration';

export interface PrintConfigurationOptions {
  stage?: string;
  /** osls hangs on some broken configurations; never wait longer than this. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * The resolved configuration of one service, as `serverless print --format json` shows it.
 *
 * `npm start` does not need this (each serverless-offline process hands its resolved configuration
 * over, see offline-preload.cjs); it serves tools and tests that want a service's configuration
 * without starting it.
 */
export function printServiceConfiguration(
  serviceDir: string,
  options: PrintConfigurationOptions = {},
): Promise<ServerlessConfiguration> {
  const serverlessBin = require.resolve('serverless/bin/serverless.js', { paths: [serviceDir, __dirname] });
  const timeout = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [serverlessBin, 'print', '--stage', options.stage ?? LOCAL_STAGE, '--format', 'json'],
      {
        cwd: serviceDir,
        env: { ...process.env, ...options.env, SLS_TELEMETRY_DISABLED: '1' },
        timeout,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const reason = error.killed ? `timed out after ${timeout} ms` : `exited with ${String(error.code)}`;
          reject(new Error(`serverless print in ${serviceDir} ${reason}:\n${stderr || stdout}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as ServerlessConfiguration);
        } catch (parseError) {
          reject(
            new Error(
              `serverless print in ${serviceDir} did not print JSON: ${(parseError as Error).message}\n${stdout.slice(0, 2000)}`,
            ),
          );
        }
      },
    );
  });
}
