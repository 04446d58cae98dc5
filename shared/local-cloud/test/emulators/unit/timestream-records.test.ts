import fc from 'fast-check';
import { LocalTimestream, checkRecord } from '../../../src/emulators/timestream';
import type { WireRecord } from '../../../src/emulators/timestream';

const now = () => String(Date.now());
const base: WireRecord = {
  Dimensions: [{ Name: 'deviceId', Value: 'd-1' }],
  MeasureName: 'temperature',
  MeasureValue: '21.5',
  MeasureValueType: 'DOUBLE',
  Time: '1767225600000',
};

function reason(record: WireRecord, common: WireRecord = {}): string | undefined {
  const check = checkRecord(common, record);
  return check.ok ? undefined : check.reason;
}

describe('checkRecord', () => {
  it('types single measures and keeps the time with its unit precision', () => {
    const check = checkRecord({}, { ...base, Time: '1767225600123456', TimeUnit: 'MICROSECONDS' });
    expect(check).toEqual({
      ok: true,
      record: {
        dimensions: { deviceId: 'd-1' },
        measureName: 'temperature',
        measures: { temperature: 21.5 },
        measureTypes: { temperature: 'DOUBLE' },
        multi: false,
        time: '2026-01-01T00:00:00.123Z',
        timeNanos: '1767225600123456000',
        version: 1,
      },
    });
  });

  it('merges CommonAttributes, the record winning on conflicts', () => {
    const check = checkRecord(
      {
        Dimensions: [
          { Name: 'site', Value: 'north' },
          { Name: 'deviceId', Value: 'common' },
        ],
        MeasureValueType: 'BIGINT',
        TimeUnit: 'SECONDS',
        Time: '1767225600',
      },
      { Dimensions: [{ Name: 'deviceId', Value: 'd-9' }], MeasureName: 'count', MeasureValue: '42' },
    );
    expect(check.ok && check.record).toMatchObject({
      dimensions: { site: 'north', deviceId: 'd-9' },
      measures: { count: 42 },
      time: '2026-01-01T00:00:00.000Z',
    });
  });

  it('reads MULTI records with typed measures', () => {
    const check = checkRecord(
      {},
      {
        ...base,
        MeasureName: 'reading',
        MeasureValue: undefined,
        MeasureValueType: 'MULTI',
        MeasureValues: [
          { Name: 'temperature', Value: '71.2', Type: 'DOUBLE' },
          { Name: 'online', Value: 'true', Type: 'BOOLEAN' },
          { Name: 'firmware', Value: '1.4.2', Type: 'VARCHAR' },
        ],
      },
    );
    expect(check.ok && check.record).toMatchObject({
      multi: true,
      measures: { temperature: 71.2, online: true, firmware: '1.4.2' },
    });
  });

  it('rejects each kind of malformed record with a reason that names the problem', () => {
    expect(reason({ ...base, MeasureName: '' })).toMatch(/MeasureName must be a non-empty string/);
    expect(reason({ ...base, MeasureValue: 'warm' })).toMatch(/temperature value warm is not a valid DOUBLE/);
    expect(reason({ ...base, MeasureValueType: 'BIGINT', MeasureValue: '1.5' })).toMatch(
      /not a valid BIGINT/,
    );
    expect(reason({ ...base, MeasureValueType: 'BIGINT', MeasureValue: '9223372036854775808' })).toMatch(
      /not a valid BIGINT/,
    );
    expect(reason({ ...base, MeasureValueType: 'BOOLEAN', MeasureValue: 'yes' })).toMatch(
      /not a valid BOOLEAN/,
    );
    expect(reason({ ...base, MeasureValueType: 'FLOAT' })).toMatch(/Invalid MeasureValueType FLOAT/);
    expect(reason({ ...base, Time: '2026-01-01T00:00:00Z' })).toMatch(/Time must be a string of digits/);
    expect(reason({ ...base, Time: undefined })).toMatch(/Time must be/);
    expect(reason({ ...base, TimeUnit: 'HOURS' })).toMatch(/Invalid TimeUnit HOURS/);
    expect(reason({ ...base, Dimensions: [{ Name: 'deviceId', Value: '' }] })).toMatch(
      /deviceId must have a non-empty value/,
    );
    expect(reason({ ...base, Dimensions: [{ Name: 'time', Value: 'x' }] })).toMatch(
      /Dimension name time is reserved/,
    );
    expect(
      reason({
        ...base,
        Dimensions: [
          { Name: 'a', Value: 'x' },
          { Name: 'a', Value: 'y' },
        ],
      }),
    ).toMatch(/Dimension a is given more than once/);
    expect(reason({ ...base, Dimensions: [{ Name: 'temperature', Value: 'x' }] })).toMatch(
      /also a dimension name/,
    );
    expect(reason({ ...base, MeasureValueType: 'MULTI' })).toMatch(
      /MeasureValue must not be set when MeasureValueType is MULTI/,
    );
    expect(
      reason({ ...base, MeasureValue: undefined, MeasureValueType: 'MULTI', MeasureValues: [] }),
    ).toMatch(/at least one measure/);
    expect(reason({ ...base, MeasureValues: [{ Name: 'x', Value: '1', Type: 'DOUBLE' }] })).toMatch(
      /MeasureValues can only be used with MeasureValueType MULTI/,
    );
    expect(reason({ ...base, Version: -1 })).toMatch(/Version must be a non-negative integer/);
  });

  it('accepts every finite double and round-trips it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const check = checkRecord({}, { ...base, MeasureValue: String(value) });
        expect(check.ok && check.record.measures.temperature).toBe(Number(String(value)));
      }),
    );
  });

  it('keeps epoch precision for every unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 4_000_000_000n }),
        fc.constantFrom(
          ['SECONDS', 1_000_000_000n],
          ['MILLISECONDS', 1_000_000n],
          ['MICROSECONDS', 1_000n],
          ['NANOSECONDS', 1n],
        ),
        (value, [unit, factor]) => {
          const check = checkRecord({}, { ...base, Time: value.toString(), TimeUnit: unit as string });
          expect(check.ok && check.record.timeNanos).toBe((value * (factor as bigint)).toString());
        },
      ),
    );
  });
});

describe('LocalTimestream', () => {
  function withTable(magnetic = false) {
    const store = new LocalTimestream();
    store.createDatabase('iot');
    store.createTable(
      'iot',
      'telemetry',
      { MemoryStoreRetentionPeriodInHours: 1, MagneticStoreRetentionPeriodInDays: 2 },
      magnetic,
    );
    return store;
  }

  it('ingests the valid records of a batch and reports the others by index', () => {
    const store = withTable();
    const outcome = store.writeRecords('iot', 'telemetry', {}, [
      { ...base, Time: now() },
      { ...base, MeasureValue: 'hot', Time: now() },
      { ...base, Dimensions: [{ Name: 'deviceId', Value: 'd-2' }], Time: now() },
    ]);
    expect(outcome).toMatchObject({
      total: 2,
      memoryStore: 2,
      magneticStore: 0,
      rejected: [{ RecordIndex: 1 }],
    });
    expect(store.queryRecords({ database: 'iot', table: 'telemetry' })).toHaveLength(2);
  });

  it('enforces the ingestion window: 15 minutes ahead, memory retention back, magnetic only when enabled', () => {
    const hour = 3_600_000;
    const store = withTable();
    const outcome = store.writeRecords('iot', 'telemetry', {}, [
      { ...base, Time: String(Date.now() + 20 * 60_000) },
      { ...base, Time: String(Date.now() - 2 * hour) },
    ]);
    expect(outcome.rejected.map((rejected) => rejected.Reason)).toEqual([
      expect.stringMatching(/more than 15 minutes in the future/),
      expect.stringMatching(/outside the time range .*magnetic store writes disabled/),
    ]);
    const magnetic = withTable(true);
    expect(
      magnetic.writeRecords('iot', 'telemetry', {}, [{ ...base, Time: String(Date.now() - 2 * hour) }]),
    ).toMatchObject({ magneticStore: 1, rejected: [] });
    expect(
      magnetic.writeRecords('iot', 'telemetry', {}, [{ ...base, Time: String(Date.now() - 3 * 24 * hour) }])
        .rejected,
    ).toHaveLength(1);
  });

  it('treats a repeated point as idempotent, a changed one as a conflict unless its Version is higher', () => {
    const store = withTable();
    const time = now();
    expect(store.writeRecords('iot', 'telemetry', {}, [{ ...base, Time: time }]).rejected).toEqual([]);
    expect(store.writeRecords('iot', 'telemetry', {}, [{ ...base, Time: time }]).rejected).toEqual([]);
    const conflict = store.writeRecords('iot', 'telemetry', {}, [
      { ...base, Time: time, MeasureValue: '30' },
    ]);
    expect(conflict.rejected).toEqual([
      { RecordIndex: 0, Reason: expect.stringMatching(/higher Version/), ExistingVersion: 1 },
    ]);
    expect(
      store.writeRecords('iot', 'telemetry', {}, [{ ...base, Time: time, MeasureValue: '30', Version: 2 }])
        .rejected,
    ).toEqual([]);
    const points = store.queryRecords({ database: 'iot', table: 'telemetry' });
    expect(points.map((point) => [point.measures.temperature, point.version])).toEqual([[30, 2]]);
  });

  it('queries by time window, dimensions and measure name, oldest first', () => {
    const store = withTable();
    const t0 = Date.now() - 10 * 60_000;
    store.writeRecords('iot', 'telemetry', {}, [
      { ...base, Time: String(t0 + 2000) },
      { ...base, Time: String(t0) },
      { ...base, Dimensions: [{ Name: 'deviceId', Value: 'd-2' }], Time: String(t0 + 1000) },
      { ...base, MeasureName: 'humidity', Time: String(t0 + 3000) },
    ]);
    const times = (query: Partial<Parameters<LocalTimestream['queryRecords']>[0]>) =>
      store
        .queryRecords({ database: 'iot', table: 'telemetry', ...query })
        .map((point) => Date.parse(point.time) - t0);
    expect(times({})).toEqual([0, 1000, 2000, 3000]);
    expect(times({ dimensions: { deviceId: 'd-1' }, measureName: 'temperature' })).toEqual([0, 2000]);
    expect(times({ since: new Date(t0 + 1000), until: t0 + 3000 })).toEqual([1000, 2000]);
  });

  it('answers missing databases and tables, conflicts and bad batch sizes like AWS', () => {
    const store = withTable();
    expect(() => store.writeRecords('nope', 'telemetry', {}, [base])).toThrow(
      expect.objectContaining({ code: 'ResourceNotFoundException' }),
    );
    expect(() => store.writeRecords('iot', 'nope', {}, [base])).toThrow(
      expect.objectContaining({ code: 'ResourceNotFoundException' }),
    );
    expect(() => store.createTable('iot', 'telemetry')).toThrow(
      expect.objectContaining({ code: 'ConflictException' }),
    );
    expect(() => store.writeRecords('iot', 'telemetry', {}, [])).toThrow(
      expect.objectContaining({ code: 'ValidationException' }),
    );
    expect(() =>
      store.writeRecords(
        'iot',
        'telemetry',
        {},
        Array.from({ length: 101 }, () => base),
      ),
    ).toThrow(expect.objectContaining({ code: 'ValidationException' }));
  });
});
