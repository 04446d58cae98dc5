/** Types of lambda-pool-limits.cjs (CommonJS, because the offline preload loads it before any TypeScript tooling). */

export interface Gate {
  acquire(): Promise<() => void>;
  readonly inside: number;
  readonly waiting: number;
}

export function createGate(limit: number): Gate;

export interface AuthorizerCache {
  ttlSecondsOf(functionKey: string): number;
  get(functionKey: string, token: string): unknown;
  set(functionKey: string, token: string, answer: unknown): void;
  readonly size: number;
}

export function createAuthorizerCache(options: {
  ttlSecondsByFunction: ReadonlyMap<string, number>;
  maxEntries?: number;
  now?: () => number;
}): AuthorizerCache;

/** The part of a serverless-offline LambdaFunction the pool's callers use. */
export interface PooledFunction {
  setEvent(event: unknown): void;
  setClientContext(clientContext: unknown): void;
  runHandler(): Promise<unknown>;
}

export interface LambdaFunctionPoolClass {
  prototype: { get(functionKey: string, functionDefinition: unknown): PooledFunction };
}

export function limitLambdaPool(
  LambdaFunctionPool: LambdaFunctionPoolClass,
  options: { perFunction: number; ttlSecondsByFunction: ReadonlyMap<string, number>; now?: () => number },
): { gates: Map<string, Gate>; authorizerCache: AuthorizerCache };

export function authorizerTtls(functions: Record<string, unknown> | undefined): Map<string, number>;
