import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunningEmulator } from '../running-emulator';
import { LOCAL_HOST, PortInUseError } from '../support/ports';
import { TopicRuleRouter } from './topic-rule-router';
import type { TopicRule, TopicRuleInvocation } from './topic-rule-router';
import type { ParsedTopicRule } from './topic-rule-sql';

export interface IotEmulatorOptions {
  host?: '127.0.0.1';
  /** MQTT over TCP; 0 (default) picks a free port. */
  port?: number;
  /** MQTT over WebSocket (any path, e.g. /mqtt); off unless given, 0 picks a free port. */
  websocketPort?: number;
  /** Receives errors thrown by rule actions (default: console.error). */
  onActionError?: (error: unknown, invocation: TopicRuleInvocation) => void;
}

export interface RunningIot extends RunningEmulator {
  name: 'iot';
  /** `mqtt://127.0.0.1:PORT` */
  endpoint: string;
  websocketEndpoint?: string;
  websocketPort?: number;
  rules: TopicRuleRouter;
  /** Registers a topic rule; its SQL is parsed now and errors name the rule. */
  addTopicRule(rule: TopicRule): ParsedTopicRule;
  removeTopicRule(name: string): boolean;
  /** Publishes as the broker itself (subscribers get it; rules run on it too). */
  publish(
    topic: string,
    payload: string | Buffer | object,
    options?: { qos?: 0 | 1; retain?: boolean },
  ): Promise<void>;
  /** Resolves when every message the broker has received so far went through the rules and their actions finished. */
  idle(): Promise<void>;
}

type FromWorker =
  | { type: 'listening'; port: number; websocketPort?: number }
  | { type: 'failed'; code?: string; message: string; which?: 'tcp' | 'websocket'; port?: number }
  | { type: 'message'; topic: string; payload: Uint8Array; clientId?: string }
  | { type: 'published'; id: number; error?: string }
  | { type: 'pong'; id: number }
  | { type: 'stopped' };

const EMULATOR_NAME = 'iot';

/**
 * Starts an aedes MQTT broker on 127.0.0.1 (in a worker thread: see mqtt-broker-worker.mjs) and
 * runs the local topic-rule engine on every message published to it.
 */
export async function startIot(options: IotEmulatorOptions = {}): Promise<RunningIot> {
  if (options.host !== undefined && options.host !== LOCAL_HOST) {
    throw new Error(`iot: only ${LOCAL_HOST} is supported as host`);
  }
  const rules = new TopicRuleRouter(options.onActionError);
  const pending = new Set<Promise<unknown>>();
  const publishes = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const pings = new Map<number, () => void>();
  let nextId = 1;
  let onStopped: (() => void) | undefined;

  const worker = new Worker(path.join(__dirname, 'mqtt-broker-worker.mjs'), {
    workerData: { host: LOCAL_HOST, port: options.port ?? 0, websocketPort: options.websocketPort },
  });
  const listening = new Promise<{ port: number; websocketPort?: number }>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'listening':
          resolve(message);
          return;
        case 'failed': {
          const label = message.which === 'websocket' ? `${EMULATOR_NAME} (websocket)` : EMULATOR_NAME;
          reject(
            message.code === 'EADDRINUSE'
              ? new PortInUseError(label, message.port ?? 0)
              : new Error(`${label}: ${message.message}`),
          );
          return;
        }
        case 'message': {
          const routed = rules.route({
            topic: message.topic,
            payload: Buffer.from(message.payload),
            ...(message.clientId === undefined ? {} : { clientId: message.clientId }),
          });
          pending.add(routed);
          void routed.finally(() => pending.delete(routed));
          return;
        }
        case 'published': {
          const waiting = publishes.get(message.id);
          publishes.delete(message.id);
          if (message.error === undefined) waiting?.resolve();
          else waiting?.reject(new Error(`iot: publish failed: ${message.error}`));
          return;
        }
        case 'pong':
          pings.get(message.id)?.();
          pings.delete(message.id);
          return;
        case 'stopped':
          onStopped?.();
          return;
      }
    });
  });
  let bound: { port: number; websocketPort?: number };
  try {
    bound = await listening;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  // A running broker must not keep a finished process alive; stop() ends it explicitly.
  worker.unref();

  let stopping: Promise<void> | undefined;
  return {
    name: EMULATOR_NAME,
    endpoint: `mqtt://${LOCAL_HOST}:${bound.port}`,
    port: bound.port,
    ...(bound.websocketPort === undefined
      ? {}
      : {
          websocketPort: bound.websocketPort,
          websocketEndpoint: `ws://${LOCAL_HOST}:${bound.websocketPort}/mqtt`,
        }),
    rules,
    addTopicRule: (rule) => rules.addRule(rule),
    removeTopicRule: (name) => rules.removeRule(name),
    publish(topic, payload, publishOptions = {}) {
      const bytes = Buffer.isBuffer(payload)
        ? payload
        : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        publishes.set(id, { resolve, reject });
        worker.postMessage({
          type: 'publish',
          id,
          topic,
          payload: new Uint8Array(bytes),
          qos: publishOptions.qos ?? 0,
          retain: publishOptions.retain ?? false,
        });
      });
    },
    async idle() {
      if (stopping === undefined) {
        worker.ref();
        const id = nextId++;
        await new Promise<void>((resolve) => {
          pings.set(id, resolve);
          worker.postMessage({ type: 'ping', id });
        });
        worker.unref();
      }
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stop() {
      stopping ??= (async () => {
        const stopped = new Promise<void>((resolve) => {
          onStopped = resolve;
        });
        worker.ref();
        worker.postMessage({ type: 'stop' });
        // Closing waits for clients to go; give up waiting after a while and end the thread anyway.
        await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        await worker.terminate();
        await Promise.allSettled([...pending]);
        for (const waiting of publishes.values()) waiting.reject(new Error('iot: the broker stopped'));
        publishes.clear();
      })();
      return stopping;
    },
  };
}
