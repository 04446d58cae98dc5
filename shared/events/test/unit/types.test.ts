import {
  EventPublisher,
  OrderCancelled,
  OrderPlaced,
  StockLow,
  type CatalogEvent,
  type EventData,
  type EventDetail,
  type PutEventsClient,
} from '../../src';

/**
 * Compile-time checks (`tsc --noEmit` covers test/): each `@ts-expect-error` fails the typecheck
 * if the line below it ever compiles.
 */
describe('types derived from the contracts', () => {
  it('EventData and EventDetail follow the zod schema', () => {
    const data: EventData<typeof OrderCancelled> = OrderCancelled.examples[0];
    const reason:
      'OUT_OF_STOCK' | 'UNKNOWN_SKU' | 'PAYMENT_DECLINED' | 'CANCELLED_BY_CUSTOMER' | 'RESERVATION_EXPIRED' =
      data.reason;
    const detail: EventDetail<typeof StockLow> = {
      metadata: { eventId: 'e', correlationId: 'c', version: 1, occurredAt: 't' },
      data: StockLow.examples[0],
    };
    const badLine = { sku: 'A', quantity: '1' };
    // @ts-expect-error quantity is a number
    const wrong: EventData<typeof OrderPlaced> = { ...OrderPlaced.examples[0], items: [badLine] };
    expect([reason, detail.data.sku, wrong.orderId]).toHaveLength(3);
  });

  it('CatalogEvent narrows on detailType', () => {
    const describe = (event: CatalogEvent): string => {
      switch (event.detailType) {
        case 'OrderCancelled':
          return event.detail.data.reason;
        case 'StockLow':
          return String(event.detail.data.available);
        default:
          // @ts-expect-error reason exists only on OrderCancelled
          return String(event.detail.data.reason);
      }
    };
    expect(
      describe({
        source: 'stratus.inventory',
        detailType: 'StockLow',
        detail: {
          metadata: { eventId: 'e', correlationId: 'c', version: 1, occurredAt: 't' },
          data: StockLow.examples[0],
        },
      }),
    ).toBe('3');
  });

  it('publish() takes only the data of its contract and requires a correlation id', async () => {
    const client: PutEventsClient = {
      send: async () => ({ FailedEntryCount: 0, Entries: [{ EventId: '1' }], $metadata: {} }),
    };
    const publisher = new EventPublisher({ busName: 'b', client });
    await publisher.publish(StockLow, StockLow.examples[0], { correlationId: 'c' });
    const stockLow = StockLow.examples[0];
    // @ts-expect-error StockLow data is not OrderPlaced data
    const mismatched = publisher.publish(OrderPlaced, stockLow, { correlationId: 'c' });
    await expect(mismatched).rejects.toThrow();
    // @ts-expect-error the correlation id is required
    await expect(publisher.publish(StockLow, StockLow.examples[0], {})).rejects.toThrow(/correlationId/);
  });
});
