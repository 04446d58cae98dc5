export { createTestTable } from './dynamodb-test-table';
export type { TestTable } from './dynamodb-test-table';
export { startCapturingEventBus } from './capturing-event-bus';
export type { CapturingEventBus, CapturingEventBusOptions, DeliveredEvent } from './capturing-event-bus';
export { eventually } from './eventually';
export type { EventuallyOptions } from './eventually';
export { TEST_DYNAMODB_ENDPOINT_VARIABLE } from './dynamodb-global-setup';
