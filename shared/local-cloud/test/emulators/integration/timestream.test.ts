import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ConflictException,
  CreateDatabaseCommand,
  CreateTableCommand,
  DescribeTableCommand,
  RejectedRecordsException,
  ResourceNotFoundException,
  TimestreamWriteClient,
  WriteRecordsCommand,
} from '@aws-sdk/client-timestream-write';
import { startTimestream } from '../../../src/emulators/timestream';
import type { RunningTimestream } from '../../../src/emulators/timestream';
import { localClientConfig } from '../../../src/emulators/support/local-client-config';
import { PortInUseError } from '../../../src/emulators/support/ports';

jest.setTimeout(30_000);

/** Records which operation went to which host:port. */
function recording(client: TimestreamWriteClient) {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { hostname: string; port?: number };
      sent.push(`${context.commandName} ${request.hostname}:${request.port}`);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordTarget' },
  );
  return sent;
}

const reading = (deviceId: string, temperature: string, time = Date.now()) => ({
  Dimensions: [{ Name: 'deviceId', Value: deviceId }],
  MeasureName: 'temperature',
  MeasureValue: temperature,
  MeasureValueType: 'DOUBLE' as const,
  Time: String(time),
});

describe('Timestream Write emulator', () => {
  let timestream: RunningTimestream;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'timestream-'));
    timestream = await startTimestream({ port: 0, dataDir });
  });
  afterAll(() => timestream.stop());

  it('with AWS_ENDPOINT_URL_TIMESTREAM_WRITE the SDK discovers the endpoint first, then writes to the emulator', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_TIMESTREAM_WRITE;
    process.env.AWS_ENDPOINT_URL_TIMESTREAM_WRITE = timestream.endpoint;
    try {
      const client = new TimestreamWriteClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const sent = recording(client);
      await client.send(new CreateDatabaseCommand({ DatabaseName: 'stratus-local-iot' }));
      await client.send(
        new CreateTableCommand({
          DatabaseName: 'stratus-local-iot',
          TableName: 'telemetry',
          RetentionProperties: {
            MemoryStoreRetentionPeriodInHours: 24,
            MagneticStoreRetentionPeriodInDays: 7,
          },
        }),
      );
      const result = await client.send(
        new WriteRecordsCommand({
          DatabaseName: 'stratus-local-iot',
          TableName: 'telemetry',
          Records: [reading('d-1', '21.5'), reading('d-2', '19')],
        }),
      );
      expect(result.RecordsIngested).toEqual({ Total: 2, MemoryStore: 2, MagneticStore: 0 });
      const target = `127.0.0.1:${timestream.port}`;
      expect(sent).toEqual([
        `DescribeEndpointsCommand ${target}`,
        `CreateDatabaseCommand ${target}`,
        `CreateTableCommand ${target}`,
        `WriteRecordsCommand ${target}`,
      ]);
      client.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_TIMESTREAM_WRITE;
      else process.env.AWS_ENDPOINT_URL_TIMESTREAM_WRITE = saved;
    }
  });

  it('with an explicit endpoint the SDK skips discovery', async () => {
    const client = new TimestreamWriteClient(localClientConfig(timestream.endpoint));
    const sent = recording(client);
    await client.send(
      new WriteRecordsCommand({
        DatabaseName: 'stratus-local-iot',
        TableName: 'telemetry',
        Records: [reading('d-3', '22')],
      }),
    );
    expect(sent).toEqual([`WriteRecordsCommand 127.0.0.1:${timestream.port}`]);
    const { Table } = await client.send(
      new DescribeTableCommand({ DatabaseName: 'stratus-local-iot', TableName: 'telemetry' }),
    );
    expect(Table).toMatchObject({
      TableName: 'telemetry',
      TableStatus: 'ACTIVE',
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 7 },
    });
    expect(Table?.CreationTime).toBeInstanceOf(Date);
    client.destroy();
  });

  it('answers bad records with RejectedRecordsException listing them, and keeps the good ones', async () => {
    const client = new TimestreamWriteClient(localClientConfig(timestream.endpoint));
    const failure = await client
      .send(
        new WriteRecordsCommand({
          DatabaseName: 'stratus-local-iot',
          TableName: 'telemetry',
          CommonAttributes: { Dimensions: [{ Name: 'site', Value: 'north' }] },
          Records: [reading('d-4', '20'), reading('d-5', 'hot'), { ...reading('d-6', '1'), MeasureName: '' }],
        }),
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RejectedRecordsException);
    expect((failure as RejectedRecordsException).$metadata.httpStatusCode).toBe(419);
    expect((failure as RejectedRecordsException).RejectedRecords).toEqual([
      { RecordIndex: 1, Reason: expect.stringMatching(/not a valid DOUBLE/) },
      { RecordIndex: 2, Reason: expect.stringMatching(/MeasureName/) },
    ]);
    expect(
      timestream.queryRecords({
        database: 'stratus-local-iot',
        table: 'telemetry',
        dimensions: { deviceId: 'd-4' },
      }),
    ).toEqual([
      expect.objectContaining({
        dimensions: { site: 'north', deviceId: 'd-4' },
        measures: { temperature: 20 },
      }),
    ]);
    client.destroy();
  });

  it('answers missing resources and duplicates with the SDK exceptions', async () => {
    const client = new TimestreamWriteClient(localClientConfig(timestream.endpoint));
    await expect(
      client.send(
        new WriteRecordsCommand({
          DatabaseName: 'stratus-local-iot',
          TableName: 'nope',
          Records: [reading('d', '1')],
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new CreateDatabaseCommand({ DatabaseName: 'stratus-local-iot' })),
    ).rejects.toBeInstanceOf(ConflictException);
    client.destroy();
  });

  it('keeps the catalog and the records (JSONL per table) across restarts', async () => {
    const lines = readFileSync(path.join(dataDir, 'stratus-local-iot', 'telemetry.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const restarted = await startTimestream({ dataDir });
    try {
      const devices = restarted
        .queryRecords({ database: 'stratus-local-iot', table: 'telemetry' })
        .map((record) => record.dimensions.deviceId);
      expect(devices.sort()).toEqual(['d-1', 'd-2', 'd-3', 'd-4']);
    } finally {
      await restarted.stop();
    }
  });

  it('creates databases and tables from CloudFormation idempotently, resolving Ref to the database', async () => {
    const resources = {
      IotDatabase: { Type: 'AWS::Timestream::Database', Properties: { DatabaseName: 'cfn-iot' } },
      TelemetryTable: {
        Type: 'AWS::Timestream::Table',
        Properties: {
          DatabaseName: { Ref: 'IotDatabase' },
          TableName: 'readings',
          RetentionProperties: {
            MemoryStoreRetentionPeriodInHours: '12',
            MagneticStoreRetentionPeriodInDays: '30',
          },
          MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
        },
      },
    };
    expect(timestream.createFromCloudFormation(resources)).toEqual({
      created: ['cfn-iot', 'cfn-iot/readings'],
      existing: [],
    });
    expect(timestream.createFromCloudFormation(resources)).toEqual({
      created: [],
      existing: ['cfn-iot', 'cfn-iot/readings'],
    });
    expect(timestream.service.describeTable('cfn-iot', 'readings')).toMatchObject({
      retention: { MemoryStoreRetentionPeriodInHours: 12, MagneticStoreRetentionPeriodInDays: 30 },
      magneticStoreWrites: true,
    });
  });

  it('names the emulator and the port when the port is taken', async () => {
    const failure = startTimestream({ port: timestream.port });
    await expect(failure).rejects.toThrow(PortInUseError);
    await expect(failure).rejects.toThrow(`timestream-write: port ${timestream.port} is already in use`);
  });
});
