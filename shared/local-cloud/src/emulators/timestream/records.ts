/** A record as WriteRecords receives it (after JSON parsing); every field may be missing or wrong. */
export interface WireRecord {
  Dimensions?: unknown;
  MeasureName?: unknown;
  MeasureValue?: unknown;
  MeasureValueType?: unknown;
  MeasureValues?: unknown;
  Time?: unknown;
  TimeUnit?: unknown;
  Version?: unknown;
}

export type ScalarType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP';
const SCALAR_TYPES: readonly string[] = ['DOUBLE', 'BIGINT', 'VARCHAR', 'BOOLEAN', 'TIMESTAMP'];
const TIME_UNITS: Record<string, bigint> = {
  SECONDS: 1_000_000_000n,
  MILLISECONDS: 1_000_000n,
  MICROSECONDS: 1_000n,
  NANOSECONDS: 1n,
};
const RESERVED_DIMENSION_NAMES = new Set(['time', 'measure_name', 'measure_value']);

/** A stored data point, typed: numbers for DOUBLE and BIGINT, booleans for BOOLEAN, strings otherwise. */
export interface TimeseriesRecord {
  dimensions: Record<string, string>;
  measureName: string;
  /** For single-measure records the measure is keyed by measureName; MULTI records carry several. */
  measures: Record<string, number | string | boolean>;
  measureTypes: Record<string, ScalarType>;
  multi: boolean;
  /** ISO-8601 with millisecond precision. */
  time: string;
  /** Epoch nanoseconds as a decimal string: TimeUnit precision is kept. */
  timeNanos: string;
  version: number;
}

export type RecordCheck = { ok: true; record: TimeseriesRecord } | { ok: false; reason: string };

/**
 * Merges CommonAttributes into a record and validates it the way Timestream does, returning the
 * typed record or the reason it would be rejected. Time windows are checked by the table.
 */
export function checkRecord(common: WireRecord, raw: WireRecord): RecordCheck {
  try {
    return { ok: true, record: normalize(common, raw) };
  } catch (error) {
    if (error instanceof RecordRejection) return { ok: false, reason: error.message };
    throw error;
  }
}

class RecordRejection extends Error {}
const reject = (reason: string): never => {
  throw new RecordRejection(reason);
};

function normalize(common: WireRecord, raw: WireRecord): TimeseriesRecord {
  const dimensions: Record<string, string> = {};
  for (const source of [common.Dimensions, raw.Dimensions]) {
    if (source === undefined || source === null) continue;
    if (!Array.isArray(source)) reject('Dimensions must be a list.');
    for (const dimension of source as unknown[]) {
      const { Name, Value, DimensionValueType } = (dimension ?? {}) as Record<string, unknown>;
      if (typeof Name !== 'string' || Name.length === 0) reject('Dimension name must be a non-empty string.');
      const name = Name as string;
      if (Buffer.byteLength(name) > 60) reject(`Dimension name ${name} exceeds 60 bytes.`);
      if (
        RESERVED_DIMENSION_NAMES.has(name.toLowerCase()) ||
        name.startsWith('measure_value::') ||
        name.startsWith('ts_')
      ) {
        reject(`Dimension name ${name} is reserved.`);
      }
      if (DimensionValueType !== undefined && DimensionValueType !== 'VARCHAR')
        reject(`Dimension ${name} has an invalid DimensionValueType.`);
      if (typeof Value !== 'string' || Value.length === 0)
        reject(`Dimension ${name} must have a non-empty value.`);
      // A record's dimension overrides a common one of the same name.
      dimensions[name] = Value as string;
    }
    const names = (source as { Name?: unknown }[]).map((dimension) => dimension.Name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) reject(`Dimension ${String(duplicate)} is given more than once.`);
  }
  if (Object.keys(dimensions).length > 128) reject('A record can have at most 128 dimensions.');

  const measureName = raw.MeasureName ?? common.MeasureName;
  if (typeof measureName !== 'string' || measureName.length === 0)
    reject('MeasureName must be a non-empty string.');
  if (Buffer.byteLength(measureName as string) > 256) reject('MeasureName exceeds 256 bytes.');
  if (Object.hasOwn(dimensions, measureName as string))
    reject(`MeasureName ${String(measureName)} is also a dimension name.`);

  const type = raw.MeasureValueType ?? common.MeasureValueType ?? 'DOUBLE';
  const measures: Record<string, number | string | boolean> = {};
  const measureTypes: Record<string, ScalarType> = {};
  const measureValue = raw.MeasureValue ?? common.MeasureValue;
  const measureValues = raw.MeasureValues ?? common.MeasureValues;
  if (type === 'MULTI') {
    if (measureValue !== undefined)
      reject('MeasureValue must not be set when MeasureValueType is MULTI; use MeasureValues.');
    if (!Array.isArray(measureValues) || measureValues.length === 0)
      reject('MeasureValues must hold at least one measure when MeasureValueType is MULTI.');
    if ((measureValues as unknown[]).length > 256) reject('A record can have at most 256 measures.');
    for (const entry of measureValues as unknown[]) {
      const { Name, Value, Type } = (entry ?? {}) as Record<string, unknown>;
      if (typeof Name !== 'string' || Name.length === 0)
        reject('Each measure in MeasureValues needs a Name.');
      const name = Name as string;
      if (name in measures) reject(`Measure ${name} is given more than once.`);
      if (Object.hasOwn(dimensions, name)) reject(`Measure ${name} is also a dimension name.`);
      if (typeof Type !== 'string' || !SCALAR_TYPES.includes(Type))
        reject(`Measure ${name} has an invalid Type ${String(Type)}.`);
      measures[name] = typedValue(name, Type as ScalarType, Value);
      measureTypes[name] = Type as ScalarType;
    }
  } else {
    if (typeof type !== 'string' || !SCALAR_TYPES.includes(type))
      reject(`Invalid MeasureValueType ${String(type)}.`);
    if (measureValues !== undefined) reject('MeasureValues can only be used with MeasureValueType MULTI.');
    measures[measureName as string] = typedValue(measureName as string, type as ScalarType, measureValue);
    measureTypes[measureName as string] = type as ScalarType;
  }

  const unit = raw.TimeUnit ?? common.TimeUnit ?? 'MILLISECONDS';
  const scale = typeof unit === 'string' ? TIME_UNITS[unit] : undefined;
  if (scale === undefined) reject(`Invalid TimeUnit ${String(unit)}.`);
  const time = raw.Time ?? common.Time;
  if (typeof time !== 'string' || !/^\d{1,19}$/.test(time))
    reject('Time must be a string of digits (epoch in TimeUnit).');
  const timeNanos = BigInt(time as string) * (scale as bigint);
  const version = raw.Version ?? common.Version ?? 1;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0)
    reject('Version must be a non-negative integer.');

  return {
    dimensions,
    measureName: measureName as string,
    measures,
    measureTypes,
    multi: type === 'MULTI',
    time: new Date(Number(timeNanos / 1_000_000n)).toISOString(),
    timeNanos: timeNanos.toString(),
    version: version as number,
  };
}

function typedValue(name: string, type: ScalarType, value: unknown): number | string | boolean {
  if (typeof value !== 'string') return reject(`Measure ${name} needs a string value.`);
  switch (type) {
    case 'DOUBLE': {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number))
        reject(`Measure ${name} value ${value} is not a valid DOUBLE.`);
      return number;
    }
    case 'BIGINT': {
      if (
        !/^-?\d{1,19}$/.test(value) ||
        BigInt(value) > 9_223_372_036_854_775_807n ||
        BigInt(value) < -9_223_372_036_854_775_808n
      ) {
        reject(`Measure ${name} value ${value} is not a valid BIGINT.`);
      }
      return Number(value);
    }
    case 'BOOLEAN':
      if (value !== 'true' && value !== 'false')
        reject(`Measure ${name} value ${value} is not a valid BOOLEAN.`);
      return value === 'true';
    case 'TIMESTAMP':
      if (!/^\d{1,19}$/.test(value))
        reject(`Measure ${name} value ${value} is not a valid TIMESTAMP (epoch in the record's TimeUnit).`);
      return value;
    case 'VARCHAR':
      if (Buffer.byteLength(value) > 2048) reject(`Measure ${name} VARCHAR value exceeds 2 KB.`);
      return value;
  }
}

/** Records with equal series key and time are the same data point (an update needs a higher Version). */
export function seriesKey(record: TimeseriesRecord): string {
  const dimensions = Object.entries(record.dimensions).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([dimensions, record.measureName, record.timeNanos]);
}

export function sameValues(a: TimeseriesRecord, b: TimeseriesRecord): boolean {
  return JSON.stringify([a.measures, a.measureTypes]) === JSON.stringify([b.measures, b.measureTypes]);
}
