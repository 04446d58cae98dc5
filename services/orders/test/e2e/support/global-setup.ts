import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ENDPOINTS_FILE_VARIABLE } from '@stratus/local-cloud/src/jest/endpoints-file';
import { startLocalCloud } from '@stratus/local-cloud/src/stack/start-local-cloud';
import { E2E_ENVIRONMENT, LOG_FILE_NAME, SAGA_SERVICES } from './e2e-settings';
import { remember } from './running-stack';

const repositoryRoot = path.resolve(__dirname, '../../../../..');

/**
 * Starts the local cloud once for every e2e file: the saga's services (those that have a
 * serverless.yml today), fresh data in a temporary directory, free random ports. The bus's route
 * lines and the handlers' output go to `<dataDir>/local-cloud.log`, which a failing test names,
 * so a timeout on a loaded machine can be read afterwards instead of guessed at.
 *
 * The same idea as `@stratus/local-cloud`'s Jest global setup, plus the log file and the
 * settings of E2E_ENVIRONMENT (short saga deadlines), which the serverless-offline children
 * inherit from this process.
 */
export default async function globalSetup(): Promise<void> {
  for (const [name, value] of Object.entries(E2E_ENVIRONMENT)) process.env[name] ??= value;
  const services = SAGA_SERVICES.filter((service) =>
    existsSync(path.join(repositoryRoot, 'services', service, 'serverless.yml')),
  );
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'stratus-orders-e2e-'));
  const log = createWriteStream(path.join(dataDir, LOG_FILE_NAME), { flags: 'a' });
  const started = performance.now();
  const cloud = await startLocalCloud({
    rootDir: repositoryRoot,
    services,
    ports: 'random',
    // A new temporary directory: nothing to wipe (and `fresh` would delete the open log file).
    dataDir,
    // Seeds as `npm start` does: the services' parameters and secrets (the payment provider's
    // credentials and decline rules) come from there. Tests use SKUs of their own, so the demo
    // stock does not get in their way.
    log: (line) => log.write(line),
    onServiceOutput: (service, chunk) => log.write(prefixLines(service, chunk)),
    endpointsFile: path.join(dataDir, 'endpoints.json'),
  });
  remember({ cloud, dataDir, log });
  process.stderr.write(
    `\ne2e: local cloud with ${services.join(', ')} ready in ${((performance.now() - started) / 1000).toFixed(1)} s (log: ${path.join(dataDir, LOG_FILE_NAME)})\n`,
  );
  // Test workers start after this and inherit the environment: the endpoints file, and the
  // AWS_ENDPOINT_URL_* variables so SDK clients in tests reach the same emulators as handlers.
  process.env[ENDPOINTS_FILE_VARIABLE] = path.join(dataDir, 'endpoints.json');
  for (const [name, value] of Object.entries(cloud.endpoints.env)) process.env[name] = value;
}

function prefixLines(service: string, chunk: string): string {
  return chunk
    .split('\n')
    .map((line, index, all) => (index === all.length - 1 && line === '' ? '' : `[${service}] ${line}`))
    .join('\n');
}
