import type { RunningEmulator } from '../emulators/running-emulator';
import { AwsTargetInvoker, type AwsTargetInvokerOptions } from './aws-target-invoker';
import { EventArchive } from './event-archive';
import { LocalEventBus, type LocalEventBusOptions } from './event-bus';
import { startEventBridgeServer } from './server';
import type { TargetInvoker } from './target-invoker';

export interface StartEventBridgeOptions extends Omit<LocalEventBusOptions, 'invoker' | 'archive'> {
  readonly host?: '127.0.0.1' | string;
  /** 0 (default) = a free random port. */
  readonly port?: number;
  /** Archive (for replay) goes to `<dataDir>/eventbridge/archive.jsonl`; no archive without it. */
  readonly dataDir?: string;
  /** Your own delivery (local functions, queues, state machines). Wins over `targets`. */
  readonly invoker?: TargetInvoker;
  /** Endpoints for the built-in SDK-based delivery when no `invoker` is given. */
  readonly targets?: AwsTargetInvokerOptions['endpoints'] &
    Pick<AwsTargetInvokerOptions, 'lambdaInvocationType'>;
  /** Extra buses to create at start (e.g. `stratus-local`). */
  readonly eventBuses?: readonly string[];
}

export interface RunningEventBridge extends RunningEmulator {
  readonly bus: LocalEventBus;
  readonly archive?: EventArchive;
}

/**
 * Starts the local EventBridge: the bus, its AWS JSON API on 127.0.0.1 and, with `dataDir`,
 * the event archive. `stop()` stops retries, closes the archive and releases the port.
 */
export async function startEventBridge(options: StartEventBridgeOptions = {}): Promise<RunningEventBridge> {
  const archive = options.dataDir ? EventArchive.inDataDir(options.dataDir) : undefined;
  const builtIn =
    !options.invoker && options.targets
      ? new AwsTargetInvoker({
          endpoints: options.targets,
          region: options.region,
          ...(options.targets.lambdaInvocationType
            ? { lambdaInvocationType: options.targets.lambdaInvocationType }
            : {}),
        })
      : undefined;
  const invoker = options.invoker ?? builtIn;
  const bus = new LocalEventBus({
    ...options,
    ...(invoker ? { invoker } : {}),
    ...(archive ? { archive } : {}),
  });
  for (const name of options.eventBuses ?? []) bus.createEventBus({ Name: name });
  const server = await startEventBridgeServer({
    bus,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  });
  return {
    name: 'eventbridge',
    endpoint: server.endpoint,
    port: server.port,
    bus,
    ...(archive ? { archive } : {}),
    async stop() {
      await server.stop();
      await bus.close();
      builtIn?.destroy();
    },
  };
}

export { LocalEventBus } from './event-bus';
export type { LocalEventBusOptions, ReplayRequest, ReplayResult } from './event-bus';
export { EventArchive } from './event-archive';
export type { ArchivedEvent, ArchiveWindow } from './event-archive';
export { startEventBridgeServer } from './server';
export type { EventBridgeServerOptions, RunningEventBridgeServer } from './server';
export {
  matchesPattern,
  validatePattern,
  prepareEvent,
  matchesCompiledPattern,
  compilePattern,
  InvalidEventPatternError,
} from './pattern-matcher';
export type { PatternValidation, PreparedEvent, CompiledPattern } from './pattern-matcher';
export { AwsTargetInvoker } from './aws-target-invoker';
export type { AwsTargetInvokerOptions } from './aws-target-invoker';
export { UnconfiguredTargetInvoker, UnsupportedTargetError, parseArn, targetKind } from './target-invoker';
export type { DeadLetter, TargetInvocation, TargetInvoker, TargetKind, ParsedArn } from './target-invoker';
export type { RouteLogEntry, RouteLogger, RouteOutcome } from './route-log';
export { jsonLinesRouteLogger } from './route-log';
export { EventBridgeApiError } from './api-error';
export { renderTargetInput, validateTargetInput, TargetInputError } from './target-input';
export type { TargetInputContext } from './target-input';
export { DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS } from './target-delivery';
export type { RetryTiming } from './target-delivery';
export { parseJsonPreservingNumbers, JsonNumberLiteral } from './json-text';
