import { rm } from 'node:fs/promises';
import { forgetLocalCloud, runningLocalCloud } from './global-setup';

/** Jest globalTeardown: stops every process the global setup started and removes its data directory. */
export default async function globalTeardown(): Promise<void> {
  const running = runningLocalCloud();
  if (!running) return;
  forgetLocalCloud();
  try {
    await running.cloud.stop();
  } finally {
    await rm(running.dataDir, { recursive: true, force: true });
  }
}
