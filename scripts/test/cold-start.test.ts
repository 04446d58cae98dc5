import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageService, type PackagedService } from '@stratus/serverless-config';
import { locateHandler } from '../src/cold-start/bundle-files';
import { measureFunction } from '../src/cold-start/measure-function';
import { readPackagedFunctions, type PackagedFunction } from '../src/cold-start/packaged-functions';
import { formatTable } from '../src/cold-start/report';
import { median } from '../src/cold-start/statistics';
import { REPOSITORY_ROOT } from '../src/packaging/find-services';

const FIXTURE_SERVICE = path.join(__dirname, 'fixtures', 'cold-start-service');
const REPOSITORY_NODE_MODULES = path.join(REPOSITORY_ROOT, 'node_modules');

jest.setTimeout(180_000);

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('cold-start measurement of a packaged fixture service', () => {
  let packaged: PackagedService;
  let workDir: string;
  let getItem: PackagedFunction;

  beforeAll(() => {
    packaged = packageService(FIXTURE_SERVICE, { stage: 'dev' });
    workDir = mkdtempSync(path.join(tmpdir(), 'stratus-cold-start-test-'));
    const functions = readPackagedFunctions(FIXTURE_SERVICE, packaged.outputDir);
    expect(functions.map((fn) => fn.name)).toEqual(['getItem']);
    getItem = functions[0] as PackagedFunction;
  });

  afterAll(() => {
    rmSync(packaged.outputDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it('finds the function zip, its handler and its plain environment', () => {
    expect(getItem).toMatchObject({
      service: 'cold-start-fixture',
      handler: 'src/get-item.handler',
      zipPath: path.join(packaged.outputDir, 'getItem.zip'),
    });
    expect(getItem.environment).toMatchObject({
      ITEMS_TABLE_NAME: 'items-dev',
      POWERTOOLS_METRICS_NAMESPACE: 'Stratus',
    });
    expect(getItem.environment).not.toHaveProperty('EVENT_BUS_NAME');
  });

  it('measures sizes and medians beside the empty handler', () => {
    const measurement = measureFunction(getItem, {
      variant: 'test',
      samples: 3,
      workDir,
      externalsFrom: REPOSITORY_NODE_MODULES,
    });
    expect(measurement).toMatchObject({
      service: 'cold-start-fixture',
      function: 'getItem',
      format: 'cjs',
      samples: 3,
    });
    expect(measurement.zipBytes).toBeGreaterThan(0);
    expect(measurement.bundleBytes).toBeGreaterThan(measurement.zipBytes);
    for (const value of [
      measurement.loadMs,
      measurement.loadCpuMs,
      measurement.initMs,
      measurement.emptyLoadMs,
      measurement.emptyInitMs,
      measurement.initRatio,
    ]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    const table = formatTable([measurement]);
    expect(table).toContain('getItem');
    expect(table).toMatch(/\b(PASS|FAIL)\b/);
  });

  it('leaves @aws-sdk out of the zip, so the bundle cannot load without the externals linked', () => {
    expect(() => measureFunction(getItem, { variant: 'no-externals', samples: 1, workDir })).toThrow(
      /Cannot find module '@aws-sdk\/client-dynamodb'/,
    );
  });

  it('names the handler module it cannot find', () => {
    expect(() => locateHandler(workDir, 'src/missing.handler')).toThrow(
      /No src\/missing\.js, \.cjs or \.mjs/,
    );
  });
});
