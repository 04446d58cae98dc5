import { logger, withObservability } from '@stratus/lambda';
import { releaseExpiredHolds } from '../application/release-expired-holds';
import { inventoryDependencies } from './wiring';

/** Scheduled expiry backstop: releases holds that outlived their expiry plus the grace period. */
export const handler = withObservability(async () => {
  const outcome = await releaseExpiredHolds(inventoryDependencies());
  logger.info('Expired holds released', { examined: outcome.examined, released: outcome.released });
  return { examined: outcome.examined, released: outcome.released };
});
