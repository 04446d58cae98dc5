import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../stack/start-local-cloud';
import type { LocalCloud } from '../stack/start-local-cloud';
import { findRepoRoot } from '../stack/discover-services';
import { ENDPOINTS_FILE_VARIABLE } from './endpoints-file';

/**
 * Options read from the Jest project config: `globals: { localCloud: { services: ['orders', 'inventory'] } }`
 * (directory names under services/) or `serviceDirs` (absolute paths, for fixtures).
 */
export interface JestLocalCloudOptions {
  services?: string[];
  serviceDirs?: string[];
  /** Show serverless-offline output (handler logs) on stderr. */
  verbose?: boolean;
}

interface ProjectConfigLike {
  rootDir?: string;
  globals?: { localCloud?: JestLocalCloudOptions };
}

const HANDLE = '__STRATUS_LOCAL_CLOUD__';

/**
 * Jest globalSetup: starts the local cloud on free random ports with a fresh temporary data
 * directory, writes its endpoints to a file named by STRATUS_LOCAL_CLOUD_ENDPOINTS and sets the
 * AWS_ENDPOINT_URL_* variables, so SDK clients in the tests talk to the same emulators as the
 * handlers. Which services: `globals.localCloud` of the project config, else the service whose
 * directory holds the Jest config, else every service.
 */
export default async function globalSetup(
  _globalConfig: unknown,
  projectConfig: ProjectConfigLike = {},
): Promise<void> {
  const options = projectConfig.globals?.localCloud ?? {};
  const rootDir = findRepoRoot(projectConfig.rootDir ?? process.cwd());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'stratus-local-cloud-'));
  const ownService =
    projectConfig.rootDir &&
    path.dirname(path.resolve(projectConfig.rootDir)) === path.join(rootDir, 'services')
      ? [path.basename(projectConfig.rootDir)]
      : undefined;
  const services = options.services ?? ownService;
  const cloud: LocalCloud = await startLocalCloud({
    rootDir,
    ...(options.serviceDirs ? { serviceDirs: options.serviceDirs } : services ? { services } : {}),
    ports: 'random',
    dataDir,
    fresh: true,
    log: options.verbose ? (line) => process.stderr.write(line) : () => undefined,
    ...(options.verbose
      ? { onServiceOutput: (service: string, chunk: string) => process.stderr.write(`[${service}] ${chunk}`) }
      : {}),
    endpointsFile: path.join(dataDir, 'endpoints.json'),
  });
  (globalThis as Record<string, unknown>)[HANDLE] = { cloud, dataDir };
  process.env[ENDPOINTS_FILE_VARIABLE] = path.join(dataDir, 'endpoints.json');
  for (const [name, value] of Object.entries(cloud.endpoints.env)) process.env[name] = value;
}

export function runningLocalCloud(): { cloud: LocalCloud; dataDir: string } | undefined {
  return (globalThis as Record<string, unknown>)[HANDLE] as
    { cloud: LocalCloud; dataDir: string } | undefined;
}

export function forgetLocalCloud(): void {
  delete (globalThis as Record<string, unknown>)[HANDLE];
}
