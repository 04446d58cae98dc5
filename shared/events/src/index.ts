export { defineEvent, InvalidContractError } from './define-event';
export type {
  AnyEventContract,
  EventContract,
  EventContractDefinition,
  EventData,
  EventDataInput,
  EventDetail,
} from './define-event';
export { EventMetadataSchema } from './envelope';
export type { EventMetadata } from './envelope';
export { SERVICE_NAMES, isServiceName } from './service-names';
export type { EventSource, ServiceName } from './service-names';
export * from './schemas';

export * from './contracts/orders';
export * from './contracts/inventory';
export * from './contracts/media';
export * from './contracts/iot';
export * from './contracts/batch';
export { catalog, findContract } from './catalog';
export type { CatalogContract, CatalogDetailType, CatalogEvent, CatalogEventData } from './catalog';

export {
  detailJsonSchema,
  eventJsonSchema,
  schemaName,
  SCHEMA_REGISTRY_TYPE,
  JSON_SCHEMA_DRAFT_04,
} from './json-schema';
export type { JsonSchema } from './json-schema';
export { rulePattern } from './rule-pattern';
export type { RulePattern } from './rule-pattern';

export { parseEvent, parseEventFrom } from './parse-event';
export type { EventBridgeEventLike, ParsedEvent } from './parse-event';
export { EventValidationError } from './event-validation-error';
export type { ValidationIssue } from './event-validation-error';

export { nextContext } from './correlation';
export type { PublishContext } from './correlation';
export { EventPublisher, NON_RETRYABLE_ERROR_CODES } from './publisher/event-publisher';
export type {
  EventPublisherOptions,
  PublishIdentity,
  PublishRequest,
  PublishResult,
  PutEventsClient,
} from './publisher/event-publisher';
export { EventPublishError } from './publisher/event-publish-error';
export { EventTooLargeError } from './publisher/event-too-large-error';
export type { FailedEntry } from './publisher/event-publish-error';
export { MAX_ENTRIES_PER_CALL, MAX_REQUEST_BYTES, entrySize } from './publisher/put-events-limits';
export { batchEntries } from './publisher/batch-entries';
