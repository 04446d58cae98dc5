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
