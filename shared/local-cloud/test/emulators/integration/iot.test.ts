import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { startIot } from '../../../src/emulators/iot';
import type { RunningIot, TopicRuleInvocation } from '../../../src/emulators/iot';
import { PortInUseError } from '../../../src/emulators/support/ports';

jest.setTimeout(30_000);

interface Fired {
  output: unknown;
  invocation: TopicRuleInvocation;
}

async function connect(url: string, clientId: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { clientId, reconnectPeriod: 0, connectTimeout: 5_000 });
  return client;
}

describe('IoT emulator (aedes + topic rules)', () => {
  let iot: RunningIot;
  const fired: Fired[] = [];
  const errors: unknown[] = [];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    iot = await startIot({ port: 0, websocketPort: 0, onActionError: (error) => errors.push(error) });
    iot.addTopicRule({
      name: 'hot_devices',
      sql: "SELECT *, topic(3) AS deviceId, clientid() AS publisher FROM 'stratus/devices/+/telemetry' WHERE temperature > 50 AND mode <> 'maintenance'",
      action: (output, invocation) => {
        fired.push({ output, invocation });
      },
    });
  });
  beforeEach(() => {
    fired.length = 0;
    errors.length = 0;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await iot.stop();
  });

  it('listens on random 127.0.0.1 ports for MQTT over TCP and WebSocket', () => {
    expect(iot.endpoint).toBe(`mqtt://127.0.0.1:${iot.port}`);
    expect(iot.websocketEndpoint).toBe(`ws://127.0.0.1:${iot.websocketPort}/mqtt`);
  });

  it('runs the rule action for matching telemetry published with the mqtt client, and not for the rest', async () => {
    const device = await connect(iot.endpoint, 'device-7');
    clients.push(device);
    await device.publishAsync(
      'stratus/devices/d-7/telemetry',
      JSON.stringify({ temperature: 72.5, mode: 'run' }),
      { qos: 1 },
    );
    await device.publishAsync(
      'stratus/devices/d-7/telemetry',
      JSON.stringify({ temperature: 20, mode: 'run' }),
      { qos: 1 },
    );
    await device.publishAsync(
      'stratus/devices/d-7/telemetry',
      JSON.stringify({ temperature: 90, mode: 'maintenance' }),
      { qos: 1 },
    );
    // No mode: `mode <> ...` is Undefined, so the AND is Undefined and the rule does not fire (AWS semantics).
    await device.publishAsync('stratus/devices/d-7/telemetry', JSON.stringify({ temperature: 95 }), {
      qos: 1,
    });
    await device.publishAsync(
      'stratus/devices/d-7/status',
      JSON.stringify({ temperature: 99, mode: 'run' }),
      { qos: 1 },
    );
    await device.publishAsync('stratus/devices/d-7/telemetry', 'not json', { qos: 1 });
    await iot.idle();

    expect(fired).toEqual([
      {
        output: { temperature: 72.5, mode: 'run', deviceId: 'd-7', publisher: 'device-7' },
        invocation: { ruleName: 'hot_devices', topic: 'stratus/devices/d-7/telemetry', clientId: 'device-7' },
      },
    ]);
  });

  it('still delivers messages to MQTT subscribers (it is a real broker)', async () => {
    const subscriber = await connect(iot.endpoint, 'dashboard');
    clients.push(subscriber);
    await subscriber.subscribeAsync('stratus/devices/+/status', { qos: 1 });
    const received = new Promise<[string, string]>((resolve) =>
      subscriber.once('message', (topic, payload) => resolve([topic, payload.toString()])),
    );
    const device = await connect(iot.endpoint, 'device-8');
    clients.push(device);
    await device.publishAsync('stratus/devices/d-8/status', '{"online":true}', { qos: 1 });
    expect(await received).toEqual(['stratus/devices/d-8/status', '{"online":true}']);
  });

  it('accepts MQTT over WebSocket', async () => {
    const browser = await connect(iot.websocketEndpoint as string, 'browser-1');
    clients.push(browser);
    await browser.publishAsync(
      'stratus/devices/d-9/telemetry',
      JSON.stringify({ temperature: 51, mode: 'run' }),
      { qos: 1 },
    );
    await iot.idle();
    expect(fired.map((entry) => entry.output)).toEqual([
      { temperature: 51, mode: 'run', deviceId: 'd-9', publisher: 'browser-1' },
    ]);
  });

  it('runs rules for messages the broker itself publishes (no client id)', async () => {
    await iot.publish('stratus/devices/d-10/telemetry', { temperature: 55, mode: 'run' });
    await iot.idle();
    expect(fired).toEqual([
      {
        output: { temperature: 55, mode: 'run', deviceId: 'd-10' },
        invocation: { ruleName: 'hot_devices', topic: 'stratus/devices/d-10/telemetry' },
      },
    ]);
  });

  it('reports a failing action and keeps routing', async () => {
    iot.addTopicRule({
      name: 'broken',
      sql: "SELECT * FROM 'stratus/broken/#'",
      action: () => {
        throw new Error('function crashed');
      },
    });
    await iot.publish('stratus/broken/x', {});
    await iot.publish('stratus/devices/d-11/telemetry', { temperature: 60, mode: 'run' });
    await iot.idle();
    expect(errors.map((error) => (error as Error).message)).toEqual(['function crashed']);
    expect(fired).toHaveLength(1);
    expect(iot.removeTopicRule('broken')).toBe(true);
  });

  it('refuses a rule with bad SQL or a bad name, naming the rule', () => {
    expect(() =>
      iot.addTopicRule({ name: 'bad_sql', sql: "SELECT * FROM 't' WHERE a != 1", action: () => undefined }),
    ).toThrow(/^topic rule bad_sql: the not-equal operator of AWS IoT SQL is <>, not != at column 27/);
    expect(() =>
      iot.addTopicRule({ name: 'bad-name', sql: "SELECT * FROM 't'", action: () => undefined }),
    ).toThrow(/topic rule name bad-name is invalid/);
    expect(() =>
      iot.addTopicRule({ name: 'hot_devices', sql: "SELECT * FROM 't'", action: () => undefined }),
    ).toThrow(/topic rule hot_devices already exists/);
  });

  it('names the emulator and the port when the port is taken', async () => {
    const failure = startIot({ port: iot.port });
    await expect(failure).rejects.toThrow(PortInUseError);
    await expect(failure).rejects.toThrow(`iot: port ${iot.port} is already in use`);
  });

  it('disconnects clients and frees its ports on stop', async () => {
    const other = await startIot({ port: 0 });
    const client = await connect(other.endpoint, 'short-lived');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await other.stop();
    await closed;
    await client.endAsync(true);
    const again = await startIot({ port: other.port });
    await again.stop();
  });
});
