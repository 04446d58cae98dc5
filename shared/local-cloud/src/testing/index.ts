export { createTestTable } from './dynamodb-test-table';
export type { TestTable } from './dynamodb-test-table';
