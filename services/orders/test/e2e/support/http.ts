export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** Bearer token for the Authorization header. */
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Sent as JSON; a string is sent as it is (malformed bodies). */
  body?: unknown;
}

/** One HTTP call to a service of the local stack; the body is parsed when it is JSON. */
export async function callApi<T = unknown>(
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = text;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Fails with the method, URL, status and body when the status is not the expected one. */
export function expectStatus<T>(response: ApiResponse<T>, expected: number, what: string): T {
  if (response.status !== expected) {
    throw new Error(
      `${what}: expected HTTP ${expected}, got ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

/** A 5xx: the stack was too busy (e.g. API Gateway's 504 when a function timed out); asking again may succeed. */
export const isTransient = (status: number) => status >= 500;

/**
 * Sends a request again after a 5xx or no answer, up to `retries` more times with backoff, as
 * a client of an idempotent API does (the caller keeps the Idempotency-Key). Any other answer,
 * success or 4xx, is returned at once.
 */
export async function withRetries<T>(
  send: () => Promise<ApiResponse<T>>,
  retries = 3,
): Promise<ApiResponse<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await send();
      if (!isTransient(response.status) || attempt >= retries) return response;
    } catch (error) {
      if (attempt >= retries) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
  }
}
