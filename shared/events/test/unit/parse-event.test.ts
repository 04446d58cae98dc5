import {
  catalog,
  EventValidationError,
  InventoryReserved,
  nextContext,
  OrderCancelled,
  OrderPlaced,
  parseEvent,
  parseEventFrom,
  defineEvent,
} from '../../src';
import { eventBridgeEvent } from '../helpers/event-bridge-event';

function validationError(run: () => unknown): EventValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof EventValidationError) return error;
    throw error;
  }
  throw new Error('expected an EventValidationError');
}

describe('parseEvent', () => {
  it.each(catalog.map((contract) => [contract.key, contract] as const))(
    '%s: returns metadata and data of every example',
    (_key, contract) => {
      for (const example of contract.examples) {
        const event = eventBridgeEvent(contract, example);
        const parsed = parseEvent(contract, event);
        expect(parsed.data).toEqual(example);
        expect(parsed.metadata).toEqual(event.detail.metadata);
      }
    },
  );

  it('accepts the event as JSON text (an SQS body)', () => {
    const event = eventBridgeEvent(OrderPlaced);
    expect(parseEvent(OrderPlaced, JSON.stringify(event)).data).toEqual(event.detail.data);
  });

  it('keeps an optional causationId', () => {
    const causationId = '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d';
    const event = eventBridgeEvent(OrderPlaced, undefined, { causationId });
    expect(parseEvent(OrderPlaced, event).metadata.causationId).toBe(causationId);
  });

  it('refuses another source and detail-type, naming both', () => {
    const error = validationError(() => parseEvent(OrderPlaced, eventBridgeEvent(InventoryReserved)));
    expect(error.source).toBe('stratus.orders');
    expect(error.detailType).toBe('OrderPlaced');
    expect(error.issues.map((issue) => issue.path)).toEqual([['source'], ['detail-type']]);
    expect(error.message).toContain('source: expected "stratus.orders", got "stratus.inventory"');
  });

  it('refuses an event whose metadata.version is not the contract version', () => {
    const error = validationError(() =>
      parseEvent(OrderPlaced, eventBridgeEvent(OrderPlaced, undefined, { version: 2 })),
    );
    expect(error.issues).toEqual([
      expect.objectContaining({ path: ['detail', 'metadata', 'version'], code: 'invalid_value' }),
    ]);
  });

  it('names the path of each invalid data field', () => {
    const data = { ...OrderPlaced.examples[0], items: [{ sku: 'mug', quantity: 0 }] };
    const error = validationError(() => parseEvent(OrderPlaced, eventBridgeEvent(OrderPlaced, data)));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['detail', 'data', 'items', 0, 'sku'],
      ['detail', 'data', 'items', 0, 'quantity'],
    ]);
    expect(error.message).toMatch(/detail\.data\.items\[0\]\.sku: must be a SKU/);
  });

  it.each([
    ['a missing eventId', { eventId: undefined }, ['detail', 'metadata', 'eventId']],
    ['an eventId that is not a uuid', { eventId: 'abc' }, ['detail', 'metadata', 'eventId']],
    ['an empty correlationId', { correlationId: '' }, ['detail', 'metadata', 'correlationId']],
    ['an occurredAt that is not ISO', { occurredAt: 'yesterday' }, ['detail', 'metadata', 'occurredAt']],
    ['an unknown metadata key', { traceId: 'x' }, ['detail', 'metadata']],
  ])('refuses %s', (_name, metadata, path) => {
    const error = validationError(() =>
      parseEvent(OrderPlaced, eventBridgeEvent(OrderPlaced, undefined, metadata)),
    );
    expect(error.issues.map((issue) => issue.path)).toContainEqual(path);
  });

  it.each([
    ['no detail', { source: 'stratus.orders', 'detail-type': 'OrderPlaced' }],
    ['a detail without data', { ...eventBridgeEvent(OrderPlaced), detail: { metadata: {} } }],
    ['a number', 42],
    ['null', null],
    ['text that is not JSON', '{"source":'],
  ])('refuses %s', (_name, event) => {
    expect(() => parseEvent(OrderPlaced, event)).toThrow(EventValidationError);
  });

  it('is a distinct error class that wrappers can route to a DLQ', () => {
    const error = validationError(() => parseEvent(OrderPlaced, {}));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('EventValidationError');
  });
});

describe('parseEventFrom', () => {
  const accepted = [OrderPlaced, OrderCancelled] as const;

  it('routes by source and detail-type and narrows on detailType', () => {
    const parsed = parseEventFrom(accepted, eventBridgeEvent(OrderCancelled));
    expect(parsed.contract).toBe(OrderCancelled);
    if (parsed.detailType !== 'OrderCancelled') throw new Error('routed to the wrong contract');
    expect(parsed.data.reason).toBe('PAYMENT_DECLINED');
  });

  it('refuses an event no listed contract defines, listing what it accepts', () => {
    const error = validationError(() => parseEventFrom(accepted, eventBridgeEvent(InventoryReserved)));
    expect(error.source).toBe('stratus.inventory');
    expect(error.detailType).toBe('InventoryReserved');
    expect(error.message).toContain('accepted: stratus.orders OrderPlaced, stratus.orders OrderCancelled');
  });

  it('picks the version named in the metadata when several are listed', () => {
    const v2 = defineEvent({ ...OrderPlaced, version: 2 });
    const parsed = parseEventFrom([OrderPlaced, v2], eventBridgeEvent(v2));
    expect(parsed.contract).toBe(v2);
    expect(parsed.metadata.version).toBe(2);
  });

  it('validates the routed event fully', () => {
    const event = eventBridgeEvent(OrderPlaced, { ...OrderPlaced.examples[0], customerId: '' });
    expect(() => parseEventFrom(accepted, event)).toThrow(/detail\.data\.customerId/);
  });
});

describe('nextContext', () => {
  it('keeps the correlation id and names the consumed event as the cause', () => {
    const { metadata } = parseEvent(OrderPlaced, eventBridgeEvent(OrderPlaced));
    expect(nextContext(metadata)).toEqual({ correlationId: 'corr-1', causationId: metadata.eventId });
  });
});
