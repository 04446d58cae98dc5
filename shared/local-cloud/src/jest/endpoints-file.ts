import { readFileSync } from 'node:fs';
import type { LocalCloudEndpoints } from '../stack/start-local-cloud';

/** Environment variable naming the JSON file with the running local cloud's endpoints. */
export const ENDPOINTS_FILE_VARIABLE = 'STRATUS_LOCAL_CLOUD_ENDPOINTS';

/**
 * The endpoints of the local cloud that the Jest global setup started (or that `npm start` runs,
 * when STRATUS_LOCAL_CLOUD_ENDPOINTS points at `.local-cloud/endpoints.json`).
 */
export function readLocalCloudEndpoints(
  file: string | undefined = process.env[ENDPOINTS_FILE_VARIABLE],
): LocalCloudEndpoints {
  if (file === undefined || file === '') {
    throw new Error(
      `${ENDPOINTS_FILE_VARIABLE} is not set: add globalSetup/globalTeardown (@stratus/local-cloud/jest-global-setup, @stratus/local-cloud/jest-global-teardown) to the Jest config (see shared/local-cloud/README.md)`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as LocalCloudEndpoints;
}
