import type { EventMetadata } from './envelope';

/** Correlation of one publish: the flow it belongs to and, when an event caused it, that event. */
export interface PublishContext {
  correlationId: string;
  causationId?: string;
}

/** Context for an event published in reaction to another: same flow, caused by that event. */
export const nextContext = (
  metadata: Pick<EventMetadata, 'correlationId' | 'eventId'>,
): Required<PublishContext> => ({
  correlationId: metadata.correlationId,
  causationId: metadata.eventId,
});
