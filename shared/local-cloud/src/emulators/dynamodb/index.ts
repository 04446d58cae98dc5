export { startDynamoDb, dynamoDbLocalDirectory, DEFAULT_DYNAMODB_JAVA_OPTIONS } from './start-dynamodb';
export type { DynamoDbEmulatorOptions, RunningDynamoDb } from './start-dynamodb';
export { findJava, JavaNotFoundError } from './find-java';
export {
  createTablesFromCloudFormation,
  tableDefinitionFromCloudFormation,
  DYNAMODB_TABLE_TYPE,
} from './create-tables';
export type { CreateTablesReport, CreatedTable, LocalTableDefinition } from './create-tables';
export { createTableStreamReader, toLambdaRecord } from './table-stream-reader';
export type { TableStreamReader, TableStreamReaderOptions } from './table-stream-reader';
