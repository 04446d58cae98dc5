import { randomUUID } from 'node:crypto';
import type { AnyEventContract, EventDataInput } from '../../src';

/** An EventBridge event as Lambda receives it, carrying a valid envelope for `contract`. */
export function eventBridgeEvent<C extends AnyEventContract>(
  contract: C,
  data: EventDataInput<C> | Record<string, unknown> = contract.examples[0],
  metadata: Record<string, unknown> = {},
) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': contract.detailType as string,
    source: contract.source as string,
    account: '123456789012',
    time: '2026-11-27T09:15:00Z',
    region: 'us-east-1',
    resources: [] as string[],
    detail: {
      metadata: {
        eventId: randomUUID(),
        correlationId: 'corr-1',
        version: contract.version,
        occurredAt: '2026-11-27T09:15:00.000Z',
        ...metadata,
      },
      data: data as unknown,
    },
  };
}
