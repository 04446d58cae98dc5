export { startTimestream } from './start-timestream';
export type {
  RunningTimestream,
  TimestreamEmulatorOptions,
  TimestreamResourcesReport,
} from './start-timestream';
export { LocalTimestream } from './local-timestream';
export type {
  RecordQuery,
  StoredRecord,
  TableMeta,
  DatabaseMeta,
  RetentionProperties,
  WriteOutcome,
} from './local-timestream';
export { checkRecord } from './records';
export type { TimeseriesRecord, WireRecord, RecordCheck, ScalarType } from './records';
