import { rm } from 'node:fs/promises';
import { forget, running } from './running-stack';

/**
 * Stops every process the global setup started (serverless-offline children, DynamoDB Local's
 * Java process, the in-process emulators). The data directory, with the log, stays when
 * STRATUS_E2E_KEEP_DATA=1 (to read after a failure); otherwise it is removed.
 */
export default async function globalTeardown(): Promise<void> {
  const stack = running();
  if (!stack) return;
  forget();
  try {
    await stack.cloud.stop();
  } finally {
    await new Promise<void>((resolve) => stack.log.end(resolve));
    if (process.env.STRATUS_E2E_KEEP_DATA === '1') {
      process.stderr.write(`e2e: data and log kept in ${stack.dataDir}\n`);
    } else {
      await rm(stack.dataDir, { recursive: true, force: true });
    }
  }
}
