import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { localClientConfig } from '../emulators/support/local-client-config';

/** What one synchronous invocation gave back. */
export interface InvocationResult {
  functionName: string;
  /** Parsed JSON payload (or the raw text when it is not JSON). */
  payload: unknown;
  /** Set when the handler threw or timed out (Lambda's `FunctionError`: `Unhandled`). */
  functionError?: string;
  durationMs: number;
}

/** Invokes local functions by deployed name, wherever they run. */
export interface FunctionInvoker {
  has(functionName: string): boolean;
  invoke(functionName: string, event: unknown): Promise<InvocationResult>;
}

export class UnknownFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`no local function is named '${functionName}'`);
    this.name = 'UnknownFunctionError';
  }
}

/**
 * Invokes functions through each service's serverless-offline Lambda endpoint with the real
 * Lambda client, so events reach handlers exactly as `Invoke` delivers them.
 */
export class OfflineFunctionInvoker implements FunctionInvoker {
  private readonly clients = new Map<string, LambdaClient>();
  private readonly endpoints = new Map<string, string>();

  /** Registers the functions one serverless-offline process serves. */
  register(lambdaEndpoint: string, functionNames: Iterable<string>): void {
    for (const name of functionNames) this.endpoints.set(name, lambdaEndpoint);
  }

  has(functionName: string): boolean {
    return this.endpoints.has(functionName);
  }

  async invoke(functionName: string, event: unknown): Promise<InvocationResult> {
    const endpoint = this.endpoints.get(functionName);
    if (endpoint === undefined) throw new UnknownFunctionError(functionName);
    let client = this.clients.get(endpoint);
    if (!client) {
      // Handlers may run for minutes (timeout up to 900 s); the SDK must not give up first.
      client = new LambdaClient({
        ...localClientConfig(endpoint),
        maxAttempts: 1,
        requestHandler: { requestTimeout: 905_000 },
      });
      this.clients.set(endpoint, client);
    }
    const started = performance.now();
    const response = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(event ?? {})),
      }),
    );
    const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
    let payload: unknown = text;
    if (text !== '') {
      try {
        payload = JSON.parse(text);
      } catch {
        payload = text;
      }
    } else {
      payload = undefined;
    }
    const result: InvocationResult = { functionName, payload, durationMs: performance.now() - started };
    if (response.FunctionError) result.functionError = response.FunctionError;
    return result;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
