import { z } from 'zod';
import { catalog, defineEvent, OrderPlaced, StockLow } from '../../src';
import { buildSnapshot, checkCompatibility } from '../../src/checks/check-compatibility';

const snapshot = buildSnapshot(catalog);
const withContract = (...contracts: Parameters<typeof buildSnapshot>[0]) =>
  buildSnapshot([
    ...catalog.filter((contract) => !contracts.some((c) => c.detailType === contract.detailType)),
    ...contracts,
  ]);

describe('buildSnapshot', () => {
  it('keys every contract by source/detailType/version, sorted', () => {
    const keys = Object.keys(snapshot);
    expect(keys).toHaveLength(catalog.length);
    expect(keys).toContain('stratus.orders/OrderPlaced/v1');
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('checkCompatibility', () => {
  it('passes when nothing changed', () => {
    expect(checkCompatibility(snapshot, buildSnapshot(catalog))).toEqual({ breaking: [], compatible: [] });
  });

  it('passes a new optional property, listing it as a compatible change', () => {
    const widened = defineEvent({
      ...StockLow,
      data: StockLow.data.extend({ warehouse: z.string().optional() }),
    });
    expect(checkCompatibility(snapshot, withContract(widened))).toEqual({
      breaking: [],
      compatible: ['stratus.inventory/StockLow/v1: compatible change'],
    });
  });

  it('fails a removed property without a version bump, naming the contract and the change', () => {
    const narrowed = defineEvent({
      ...StockLow,
      data: StockLow.data.omit({ threshold: true }),
      examples: [{ sku: 'MUG-001', available: 1, detectedAt: '2026-11-27T09:00:00.000Z' }],
    });
    expect(checkCompatibility(snapshot, withContract(narrowed)).breaking).toEqual([
      {
        contract: 'stratus.inventory/StockLow/v1',
        path: 'data.threshold',
        kind: 'removed-property',
        message: 'property "threshold" was removed',
      },
    ]);
  });

  it('fails a newly required property and a tightened bound without a version bump', () => {
    const tightened = defineEvent({
      ...OrderPlaced,
      data: OrderPlaced.data.extend({
        channel: z.enum(['WEB', 'APP']),
        customerId: z.string().min(1).max(64),
      }),
      examples: [{ ...OrderPlaced.examples[0], channel: 'WEB' }],
    });
    const { breaking } = checkCompatibility(snapshot, withContract(tightened));
    expect(breaking.map(({ contract, path, kind }) => [contract, path, kind])).toEqual([
      ['stratus.orders/OrderPlaced/v1', 'data.channel', 'newly-required'],
      ['stratus.orders/OrderPlaced/v1', 'data.customerId', 'constraint-tightened'],
    ]);
  });

  it('passes the same incompatible change made as a new version, the old one superseded', () => {
    const v2 = defineEvent({
      ...StockLow,
      version: 2,
      data: StockLow.data.omit({ threshold: true }),
      examples: [{ sku: 'MUG-001', available: 1, detectedAt: '2026-11-27T09:00:00.000Z' }],
    });
    expect(checkCompatibility(snapshot, withContract(v2))).toEqual({
      breaking: [],
      compatible: [
        'stratus.inventory/StockLow/v2: new contract',
        'stratus.inventory/StockLow/v1: superseded by v2',
      ],
    });
  });

  it('passes v1 and v2 living side by side', () => {
    const v2 = defineEvent({ ...StockLow, version: 2 });
    expect(checkCompatibility(snapshot, buildSnapshot([...catalog, v2])).breaking).toEqual([]);
  });

  it('fails a contract that disappeared without a successor', () => {
    const { breaking } = checkCompatibility(
      snapshot,
      buildSnapshot(catalog.filter((contract) => contract !== StockLow)),
    );
    expect(breaking).toEqual([
      expect.objectContaining({ contract: 'stratus.inventory/StockLow/v1', kind: 'removed-contract' }),
    ]);
  });

  it('fails a version lowered instead of raised', () => {
    const snapshotAtV2 = buildSnapshot([defineEvent({ ...StockLow, version: 2 })]);
    const { breaking } = checkCompatibility(snapshotAtV2, buildSnapshot([StockLow]));
    expect(breaking.map((problem) => problem.contract)).toEqual(['stratus.inventory/StockLow/v2']);
  });

  it('lists a brand-new contract as compatible', () => {
    const added = defineEvent({
      source: 'stratus.iot-ingest',
      detailType: 'FirmwareUpdated',
      version: 1,
      description: 'A device runs new firmware.',
      consumers: [],
      data: z.strictObject({ deviceId: z.string() }),
      examples: [{ deviceId: 'thermo-1' }],
    });
    expect(checkCompatibility(snapshot, buildSnapshot([...catalog, added]))).toEqual({
      breaking: [],
      compatible: ['stratus.iot-ingest/FirmwareUpdated/v1: new contract'],
    });
  });
});
