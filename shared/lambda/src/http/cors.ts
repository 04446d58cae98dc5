import httpCors from '@middy/http-cors';
import type { MiddlewareObj } from '@middy/core';

export interface CorsOptions {
  /**
   * Allowed origins. Default: the comma-separated env CORS_ALLOWED_ORIGINS, else `*` (the APIs
   * authenticate with bearer tokens, not cookies, so a wildcard does not expose sessions).
   */
  origins?: string[];
  /** Request headers browsers may send. */
  allowHeaders?: string[];
  /** Response headers browsers may read. */
  exposeHeaders?: string[];
}

const DEFAULT_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'X-Api-Key',
  'X-Correlation-Id',
];
const DEFAULT_EXPOSE_HEADERS = ['X-Correlation-Id', 'Idempotent-Replayed'];

export const corsOriginsFromEnv = (): string[] =>
  (process.env.CORS_ALLOWED_ORIGINS ?? '*')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');

/**
 * CORS headers on every response, errors included. Preflight (OPTIONS) is answered by API
 * Gateway itself (`cors: true` on the event in serverless.yml), not by the function.
 */
export const cors = (options: CorsOptions = {}): MiddlewareObj => {
  const origins = options.origins ?? corsOriginsFromEnv();
  return httpCors({
    origins: origins.length > 0 ? origins : ['*'],
    headers: (options.allowHeaders ?? DEFAULT_ALLOW_HEADERS).join(','),
    exposeHeaders: (options.exposeHeaders ?? DEFAULT_EXPOSE_HEADERS).join(','),
  }) as MiddlewareObj;
};
