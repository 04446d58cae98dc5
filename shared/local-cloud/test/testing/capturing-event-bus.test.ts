import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { startCapturingEventBus, type CapturingEventBus } from '../../src/testing';

type Detail = { orderId: string };

describe('a capturing event bus', () => {
  let captured: CapturingEventBus<Detail>;
  let client: EventBridgeClient;

  beforeAll(async () => {
    captured = await startCapturingEventBus<Detail>({ source: ['stratus.orders'] });
    client = new EventBridgeClient({
      endpoint: captured.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await captured.stop();
  });
  beforeEach(() => captured.clear());

  const put = (source: string, orderId: string) =>
    client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: captured.busName,
            Source: source,
            DetailType: 'OrderPlaced',
            Detail: JSON.stringify({ orderId }),
          },
        ],
      }),
    );

  it('listens on a random local port and a bus of its own', () => {
    expect(captured.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(captured.endpoint).not.toMatch(/:0$/);
    expect(captured.busName).toBe('stratus-test');
  });

  it('hands over the events matching the pattern, in the envelope a target receives, and only those', async () => {
    await put('stratus.inventory', 'ignored');
    await put('stratus.orders', 'o-1');
    await put('stratus.orders', 'o-2');
    const delivered = await captured.waitForDeliveries(2);
    expect(delivered.map((event) => event.detail.orderId).sort()).toEqual(['o-1', 'o-2']);
    expect(delivered[0]).toMatchObject({
      version: '0',
      source: 'stratus.orders',
      'detail-type': 'OrderPlaced',
      region: 'us-east-1',
      resources: [],
    });
    expect(delivered[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('forgets earlier deliveries when cleared', async () => {
    await put('stratus.orders', 'o-3');
    await captured.waitForDeliveries(1);
    captured.clear();
    expect(captured.delivered).toEqual([]);
  });

  it('says how many deliveries it got when the wait times out', async () => {
    await put('stratus.orders', 'o-4');
    await expect(captured.waitForDeliveries(3, { timeoutMs: 200 })).rejects.toThrow(
      /waiting for 3 deliveries \(got 1\)/,
    );
  });
});
