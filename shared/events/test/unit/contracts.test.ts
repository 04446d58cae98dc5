import { z } from 'zod';
import {
  catalog,
  defineEvent,
  findContract,
  InvalidContractError,
  InventoryReservationFailed,
  InventoryReserved,
  OrderCancelled,
  OrderPlaced,
  SERVICE_NAMES,
  Sku,
  type EventData,
} from '../../src';

/** Every path in a JSON value that leads to a plain object, root included. */
function objectPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectPaths(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return [path, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...path, key]))];
}

function withExtraKeyAt(value: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let target: Record<string | number, unknown> = copy;
  for (const part of path) target = target[part] as Record<string | number, unknown>;
  target.unexpected = true;
  return copy;
}

describe('catalog', () => {
  it('holds the sixteen events of the five bounded contexts', () => {
    expect(catalog.map((contract) => `${contract.source} ${contract.detailType}`)).toEqual([
      'stratus.orders OrderPlaced',
      'stratus.orders OrderConfirmed',
      'stratus.orders OrderCancelled',
      'stratus.inventory InventoryReserved',
      'stratus.inventory InventoryReservationFailed',
      'stratus.inventory InventoryReleased',
      'stratus.inventory StockLow',
      'stratus.media-pipeline MediaUploaded',
      'stratus.media-pipeline RenditionCompleted',
      'stratus.media-pipeline MediaProcessed',
      'stratus.media-pipeline MediaProcessingFailed',
      'stratus.iot-ingest DeviceRegistered',
      'stratus.iot-ingest TelemetryThresholdExceeded',
      'stratus.iot-ingest DeviceWentSilent',
      'stratus.batch-reports ReportGenerated',
      'stratus.batch-reports ReportFailed',
    ]);
  });

  it('has unique keys and detail-types unique across sources, so rule patterns never over-match', () => {
    expect(new Set(catalog.map((contract) => contract.key)).size).toBe(catalog.length);
    expect(new Set(catalog.map((contract) => contract.detailType)).size).toBe(catalog.length);
  });

  it.each(catalog.map((contract) => [contract.key, contract] as const))(
    '%s: source is stratus.<publisher>, consumers are known services, every example parses',
    (_key, contract) => {
      expect(contract.source).toBe(`stratus.${contract.publisher}`);
      for (const consumer of contract.consumers) expect(SERVICE_NAMES).toContain(consumer);
      expect(contract.examples.length).toBeGreaterThan(0);
      for (const example of contract.examples) expect(contract.data.safeParse(example).success).toBe(true);
    },
  );

  it.each(catalog.map((contract) => [contract.key, contract] as const))(
    '%s: refuses an unknown key in every object of its examples',
    (_key, contract) => {
      for (const example of contract.examples) {
        const paths = objectPaths(example);
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
          const result = contract.data.safeParse(withExtraKeyAt(example, path));
          expect(result.success).toBe(false);
          expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
        }
      }
    },
  );

  it('finds contracts by source and detail-type, the highest version unless one is asked for', () => {
    expect(findContract('stratus.orders', 'OrderPlaced')).toBe(OrderPlaced);
    expect(findContract('stratus.orders', 'OrderPlaced', 1)).toBe(OrderPlaced);
    expect(findContract('stratus.orders', 'OrderPlaced', 2)).toBeUndefined();
    expect(findContract('stratus.inventory', 'OrderPlaced')).toBeUndefined();
    const v2 = defineEvent({ ...OrderPlaced, version: 2 });
    expect(findContract('stratus.orders', 'OrderPlaced', undefined, [OrderPlaced, v2])).toBe(v2);
    expect(findContract('stratus.orders', 'OrderPlaced', 1, [v2, OrderPlaced])).toBe(OrderPlaced);
  });
});

describe('shared schemas', () => {
  it.each(['ABC', 'TSHIRT-RED-XL', 'MUG-001', 'A1B2C3D4E5F6-X-Y-Z'])('accepts SKU %s', (sku) => {
    expect(Sku.safeParse(sku).success).toBe(true);
  });
  it.each(['', 'AB', 'abc-1', 'ABC-', 'ABC--1', 'ABCDEFGHIJKLM', 'ABC-1-2-3-4', 'ABC 1', 'ABC_1'])(
    'refuses SKU %j',
    (sku) => {
      expect(Sku.safeParse(sku).success).toBe(false);
    },
  );
});

describe('orders contracts', () => {
  const placed: EventData<typeof OrderPlaced> = OrderPlaced.examples[0];

  it.each([
    ['quantity 0', { items: [{ sku: 'MUG-001', quantity: 0 }] }],
    ['quantity 101', { items: [{ sku: 'MUG-001', quantity: 101 }] }],
    ['fractional quantity', { items: [{ sku: 'MUG-001', quantity: 1.5 }] }],
    ['no items', { items: [] }],
    ['51 items', { items: Array.from({ length: 51 }, () => ({ sku: 'MUG-001', quantity: 1 })) }],
    ['orderId not a uuid', { orderId: 'order-1' }],
    ['empty customerId', { customerId: '' }],
    ['placedAt not ISO', { placedAt: '27/11/2026' }],
  ])('OrderPlaced refuses %s', (_name, change) => {
    expect(OrderPlaced.data.safeParse({ ...placed, ...change }).success).toBe(false);
  });

  it('OrderPlaced accepts quantities 1 and 100 and 50 lines', () => {
    const items = Array.from({ length: 50 }, (_, index) => ({
      sku: 'MUG-001',
      quantity: index % 2 ? 1 : 100,
    }));
    expect(OrderPlaced.data.safeParse({ ...placed, items }).success).toBe(true);
  });

  it('OrderCancelled carries exactly the five saga reasons', () => {
    const base = OrderCancelled.examples[0];
    for (const reason of [
      'OUT_OF_STOCK',
      'UNKNOWN_SKU',
      'PAYMENT_DECLINED',
      'CANCELLED_BY_CUSTOMER',
      'RESERVATION_EXPIRED',
    ]) {
      expect(OrderCancelled.data.safeParse({ ...base, reason }).success).toBe(true);
    }
    expect(OrderCancelled.data.safeParse({ ...base, reason: 'CHANGED_MIND' }).success).toBe(false);
    expect(OrderCancelled.data.safeParse({ ...base, reason: undefined }).success).toBe(false);
  });
});

describe('inventory contracts', () => {
  it('InventoryReserved has an expiry and keeps shards out', () => {
    const example = InventoryReserved.examples[0];
    expect(InventoryReserved.data.safeParse({ ...example, expiresAt: undefined }).success).toBe(false);
    const withShard = { ...example, lines: [{ sku: 'MUG-001', quantity: 1, shard: 3 }] };
    expect(InventoryReserved.data.safeParse(withShard).success).toBe(false);
  });

  it('InventoryReservationFailed gives a reason per line, OUT_OF_STOCK or UNKNOWN_SKU only', () => {
    const example = InventoryReservationFailed.examples[0];
    const line = { sku: 'MUG-001', requested: 3, available: 1, reason: 'OUT_OF_STOCK' };
    expect(InventoryReservationFailed.data.safeParse({ ...example, lines: [line] }).success).toBe(true);
    expect(
      InventoryReservationFailed.data.safeParse({
        ...example,
        lines: [{ ...line, reason: 'PAYMENT_DECLINED' }],
      }).success,
    ).toBe(false);
    expect(
      InventoryReservationFailed.data.safeParse({ ...example, reason: 'PAYMENT_DECLINED' }).success,
    ).toBe(false);
    expect(InventoryReservationFailed.data.safeParse({ ...example, lines: [] }).success).toBe(false);
    expect(
      InventoryReservationFailed.data.safeParse({ ...example, lines: [{ ...line, available: -1 }] }).success,
    ).toBe(false);
  });
});

describe('defineEvent', () => {
  const valid = {
    source: 'stratus.orders' as const,
    detailType: 'ThingHappened',
    version: 1,
    description: 'A thing happened.',
    consumers: ['inventory' as const],
    data: z.strictObject({ n: z.int() }),
    examples: [{ n: 1 }] as [{ n: number }],
  };

  it('returns a frozen contract with its publisher, key and detail schema', () => {
    const contract = defineEvent(valid);
    expect(contract.publisher).toBe('orders');
    expect(contract.key).toBe('stratus.orders/ThingHappened/v1');
    expect(Object.isFrozen(contract)).toBe(true);
    expect(
      contract.detail.safeParse({
        metadata: {
          eventId: '0b9d3c1e-6f0a-4a8e-9a55-1f2d3c4b5a69',
          correlationId: 'c',
          version: 1,
          occurredAt: '2026-11-27T09:15:00.000Z',
        },
        data: { n: 1 },
      }).success,
    ).toBe(true);
  });

  it.each([
    ['an unknown service in the source', { source: 'stratus.billing' }, /source must be stratus/],
    ['a source outside stratus.', { source: 'acme.orders' }, /source must be stratus/],
    ['a detail-type that is not PascalCase', { detailType: 'thing-happened' }, /PascalCase/],
    ['version 0', { version: 0 }, /version must be a positive integer/],
    ['a fractional version', { version: 1.5 }, /version must be a positive integer/],
    ['an empty description', { description: '  ' }, /description is required/],
    ['an unknown consumer', { consumers: ['billing'] }, /unknown consumer service "billing"/],
    ['no examples', { examples: [] }, /at least one example/],
    ['an example that does not parse', { examples: [{ n: 'one' }] }, /example 0 does not parse: n:/],
    [
      'a data schema that lets unknown keys through',
      { data: z.object({ n: z.int() }) },
      /data \(root\) must be a z.strictObject/,
    ],
    [
      'a nested object that lets unknown keys through',
      { data: z.strictObject({ n: z.int(), inner: z.array(z.object({ a: z.string() })).optional() }) },
      /data \.inner\[\] must be a z.strictObject/,
    ],
  ])('refuses %s', (_name, change, message) => {
    expect(() => defineEvent({ ...valid, ...change } as never)).toThrow(InvalidContractError);
    expect(() => defineEvent({ ...valid, ...change } as never)).toThrow(message);
  });
});
