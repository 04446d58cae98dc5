import path from 'node:path';
import type { RunningEmulator } from '../running-emulator';
import type { CloudFormationResources } from '../support/cloudformation';
import {
  UnsupportedTemplateValueError,
  resourcesOfType,
  templateBoolean,
  templateNumber,
  templateString,
} from '../support/cloudformation';
import { AwsServiceError, createAwsJsonServer, input } from '../support/aws-json-server';
import { LOCAL_HOST, closeServer, listenOn } from '../support/ports';
import { LocalTimestream } from './local-timestream';
import type {
  DatabaseMeta,
  RecordQuery,
  RetentionProperties,
  StoredRecord,
  TableMeta,
} from './local-timestream';
import type { WireRecord } from './records';

export interface TimestreamEmulatorOptions {
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keeps databases, tables (catalog.json) and records (<database>/<table>.jsonl). */
  dataDir?: string;
}

export interface TimestreamResourcesReport {
  created: string[];
  existing: string[];
}

/**
 * Point AWS_ENDPOINT_URL_TIMESTREAM_WRITE at `endpoint`. The SDK then still calls
 * DescribeEndpoints first (endpoint discovery stays on for an endpoint from the environment) and
 * sends every later call to the address this emulator answers, which is its own host. A client
 * given `endpoint` in code skips discovery.
 */
export interface RunningTimestream extends RunningEmulator {
  name: 'timestream-write';
  service: LocalTimestream;
  queryRecords(query: RecordQuery): StoredRecord[];
  /** Creates AWS::Timestream::Database and AWS::Timestream::Table resources; idempotent. */
  createFromCloudFormation(resources: CloudFormationResources): TimestreamResourcesReport;
}

const EMULATOR_NAME = 'timestream-write';

export async function startTimestream(options: TimestreamEmulatorOptions = {}): Promise<RunningTimestream> {
  if (options.host !== undefined && options.host !== LOCAL_HOST) {
    throw new Error(`timestream-write: only ${LOCAL_HOST} is supported as host`);
  }
  const service = new LocalTimestream(
    options.dataDir === undefined ? undefined : path.resolve(options.dataDir),
  );
  const server = createAwsJsonServer({
    jsonVersion: '1.0',
    onInternalError: (error, target) => console.error(`timestream-write: ${target} failed`, error),
    operations: {
      'Timestream_20181101.DescribeEndpoints': (_request, http) => {
        // The SDK replaces only the hostname of later requests with Address; the port stays.
        const host = String(http.headers.host ?? LOCAL_HOST).replace(/:\d+$/, '');
        return { Endpoints: [{ Address: host, CachePeriodInMinutes: 1440 }] };
      },
      'Timestream_20181101.CreateDatabase': (request) => ({
        Database: database(service.createDatabase(input.string(request.DatabaseName, 'databaseName'))),
      }),
      'Timestream_20181101.DescribeDatabase': (request) => {
        const described = service.describeDatabase(input.string(request.DatabaseName, 'databaseName'));
        return { Database: database(described, described.tableCount) };
      },
      'Timestream_20181101.ListDatabases': () => ({
        Databases: service.listDatabases().map((meta) => database(meta)),
      }),
      'Timestream_20181101.CreateTable': (request) => {
        const retention = request.RetentionProperties as Partial<RetentionProperties> | undefined;
        const magnetic = request.MagneticStoreWriteProperties as
          { EnableMagneticStoreWrites?: boolean } | undefined;
        if (request.Schema !== undefined) {
          throw new AwsServiceError(
            'ValidationException',
            'Table Schema (customer-defined partition keys) is not supported by the local emulator',
          );
        }
        const meta = service.createTable(
          input.string(request.DatabaseName, 'databaseName'),
          input.string(request.TableName, 'tableName'),
          retention,
          magnetic?.EnableMagneticStoreWrites === true,
        );
        return { Table: table(meta) };
      },
      'Timestream_20181101.DescribeTable': (request) => ({
        Table: table(
          service.describeTable(
            input.string(request.DatabaseName, 'databaseName'),
            input.string(request.TableName, 'tableName'),
          ),
        ),
      }),
      'Timestream_20181101.ListTables': (request) => ({
        Tables: service.listTables(input.optionalString(request.DatabaseName, 'databaseName')).map(table),
      }),
      'Timestream_20181101.WriteRecords': (request) => {
        if (!Array.isArray(request.Records)) {
          throw new AwsServiceError(
            'ValidationException',
            "1 validation error detected: Value at 'records' failed to satisfy constraint: Member must not be null",
          );
        }
        const outcome = service.writeRecords(
          input.string(request.DatabaseName, 'databaseName'),
          input.string(request.TableName, 'tableName'),
          (request.CommonAttributes ?? {}) as WireRecord,
          request.Records as WireRecord[],
        );
        if (outcome.rejected.length > 0) {
          throw new AwsServiceError(
            'RejectedRecordsException',
            'One or more records have been rejected. See RejectedRecords for details.',
            419,
            {
              RejectedRecords: outcome.rejected,
            },
          );
        }
        return {
          RecordsIngested: {
            Total: outcome.total,
            MemoryStore: outcome.memoryStore,
            MagneticStore: outcome.magneticStore,
          },
        };
      },
    },
  });
  const port = await listenOn(server, EMULATOR_NAME, options.port ?? 0);
  return {
    name: EMULATOR_NAME,
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    service,
    queryRecords: (query) => service.queryRecords(query),
    createFromCloudFormation: (resources) => createFromCloudFormation(service, resources),
    stop: () => closeServer(server),
  };
}

function database(meta: DatabaseMeta, tableCount?: number) {
  return {
    Arn: meta.arn,
    DatabaseName: meta.name,
    CreationTime: meta.createdMs / 1000,
    LastUpdatedTime: meta.createdMs / 1000,
    ...(tableCount === undefined ? {} : { TableCount: tableCount }),
  };
}

function table(meta: TableMeta) {
  return {
    Arn: meta.arn,
    TableName: meta.name,
    DatabaseName: meta.database,
    TableStatus: 'ACTIVE',
    RetentionProperties: meta.retention,
    MagneticStoreWriteProperties: { EnableMagneticStoreWrites: meta.magneticStoreWrites },
    CreationTime: meta.createdMs / 1000,
    LastUpdatedTime: meta.updatedMs / 1000,
  };
}

function createFromCloudFormation(
  service: LocalTimestream,
  resources: CloudFormationResources,
): TimestreamResourcesReport {
  const report: TimestreamResourcesReport = { created: [], existing: [] };
  const databaseNames = new Map<string, string>();
  for (const [logicalId, resource] of resourcesOfType(resources, 'AWS::Timestream::Database')) {
    const name =
      resource.Properties?.DatabaseName === undefined
        ? logicalId
        : templateString(logicalId, 'DatabaseName', resource.Properties.DatabaseName);
    databaseNames.set(logicalId, name);
    if (service.listDatabases().some((existing) => existing.name === name)) report.existing.push(name);
    else {
      service.createDatabase(name);
      report.created.push(name);
    }
  }
  for (const [logicalId, resource] of resourcesOfType(resources, 'AWS::Timestream::Table')) {
    const properties = resource.Properties ?? {};
    const databaseRef = properties.DatabaseName as unknown;
    const databaseName =
      typeof databaseRef === 'object' && databaseRef !== null && 'Ref' in databaseRef
        ? databaseNames.get(String((databaseRef as { Ref: unknown }).Ref))
        : templateString(logicalId, 'DatabaseName', databaseRef);
    if (databaseName === undefined) {
      throw new UnsupportedTemplateValueError(
        logicalId,
        'DatabaseName',
        databaseRef,
        'Ref must name an AWS::Timestream::Database of this template',
      );
    }
    const name =
      properties.TableName === undefined
        ? logicalId
        : templateString(logicalId, 'TableName', properties.TableName);
    const retentionRaw = (properties.RetentionProperties ?? {}) as Record<string, unknown>;
    const retention: Partial<RetentionProperties> = {};
    if (retentionRaw.MemoryStoreRetentionPeriodInHours !== undefined) {
      retention.MemoryStoreRetentionPeriodInHours = templateNumber(
        logicalId,
        'RetentionProperties.MemoryStoreRetentionPeriodInHours',
        retentionRaw.MemoryStoreRetentionPeriodInHours,
      );
    }
    if (retentionRaw.MagneticStoreRetentionPeriodInDays !== undefined) {
      retention.MagneticStoreRetentionPeriodInDays = templateNumber(
        logicalId,
        'RetentionProperties.MagneticStoreRetentionPeriodInDays',
        retentionRaw.MagneticStoreRetentionPeriodInDays,
      );
    }
    const magneticRaw = (properties.MagneticStoreWriteProperties ?? {}) as Record<string, unknown>;
    const magnetic =
      magneticRaw.EnableMagneticStoreWrites === undefined
        ? false
        : templateBoolean(
            logicalId,
            'MagneticStoreWriteProperties.EnableMagneticStoreWrites',
            magneticRaw.EnableMagneticStoreWrites,
          );
    const label = `${databaseName}/${name}`;
    if (service.listTables(databaseName).some((existing) => existing.name === name))
      report.existing.push(label);
    else {
      service.createTable(databaseName, name, retention, magnetic);
      report.created.push(label);
    }
  }
  return report;
}
