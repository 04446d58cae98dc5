import middy from '@middy/core';
import type { MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { output, ZodType } from 'zod';
import { correlation } from '../correlation/correlation-middleware';
import { getCorrelationId, resolveCorrelationId } from '../correlation/correlation-id';
import { observability, type ObservabilityOptions } from '../observability/observability-middleware';
import { getAuthContext, requireRole, type AuthContext } from './auth-context';
import { cors, type CorsOptions } from './cors';
import { httpErrorHandler } from './http-error-handler';
import { validationFailed } from './http-error';
import { routeOf, httpMethodOf, type HttpEvent } from './http-event';
import { toHttpResponse } from './http-result';
import { parseHttpRequest, type HttpSchemas } from './request-parser';

/**
 * Runs a handler at most once per idempotency key and replays its stored response. Built by
 * `httpIdempotency()` (Powertools Idempotency on DynamoDB); an interface here so functions without
 * idempotency do not load that package.
 */
export interface HttpIdempotency {
  /** Refuse requests without an `Idempotency-Key` header (400) instead of running them plainly. */
  readonly required: boolean;
  run(
    call: HttpIdempotentCall,
    context: Context,
    execute: () => Promise<APIGatewayProxyResult>,
  ): Promise<APIGatewayProxyResult>;
}

export interface HttpIdempotentCall {
  key: string;
  /** Who is calling (`auth.sub`, or `anonymous`): one caller cannot replay another's response. */
  caller: string;
  method: string;
  route: string;
  /** The validated body: the same key with another body is refused with 422. */
  body: unknown;
}

export interface HttpHandlerOptions extends HttpSchemas {
  /** The caller must be authenticated with one of these roles (401 / 403 otherwise). */
  roles?: readonly string[];
  /** Largest accepted body in bytes (413 above). Default 64 KB. */
  maxBodyBytes?: number;
  /** Idempotency by `Idempotency-Key` header; see `httpIdempotency()`. */
  idempotency?: HttpIdempotency;
  /** CORS settings, or `false` for none. Default: origins from CORS_ALLOWED_ORIGINS, else `*`. */
  cors?: CorsOptions | false;
  observability?: ObservabilityOptions;
}

type Parsed<TSchema, TFallback> = TSchema extends ZodType ? output<TSchema> : TFallback;

/** What a handler receives: validated input plus the request's identity and context. */
export interface HttpRequest<
  TBody = unknown,
  TParams = Record<string, string>,
  TQuery = Record<string, string>,
  TAuth = AuthContext | undefined,
> {
  body: TBody;
  params: TParams;
  query: TQuery;
  /** Request headers with lower-cased names. */
  headers: Readonly<Record<string, string>>;
  auth: TAuth;
  correlationId: string;
  /** The Lambda request id: it is in every log line (`function_request_id`) and in error bodies. */
  requestId: string;
  /** The `Idempotency-Key` header, when sent. */
  idempotencyKey: string | undefined;
  method: string;
  route: string;
  event: HttpEvent;
  context: Context;
}

export type HttpRequestOf<TOptions extends HttpHandlerOptions> = HttpRequest<
  Parsed<TOptions['body'], undefined>,
  Parsed<TOptions['params'], Record<string, string>>,
  Parsed<TOptions['query'], Record<string, string>>,
  TOptions extends { roles: readonly string[] } ? AuthContext : AuthContext | undefined
>;

/**
 * A handler's return value: `json(status, body, headers)` / `noContent()` for an explicit
 * response, any other value for 200 JSON, nothing for 204.
 */
export type HttpHandlerFunction<TOptions extends HttpHandlerOptions> = (
  request: HttpRequestOf<TOptions>,
) => Promise<unknown>;

export type HttpLambdaHandler = MiddyfiedHandler<HttpEvent, APIGatewayProxyResult>;

const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Wraps an API Gateway handler: observability, correlation id (read, logged, echoed), CORS,
 * role check, body size / media type / JSON / zod validation, idempotency, and the mapping of
 * every error to the public error body.
 *
 * ```ts
 * export const handler = httpHandler(
 *   { body: PlaceOrderBody, roles: ['customer'], idempotency: httpIdempotency({ required: true }) },
 *   async ({ body, auth, correlationId }) => json(202, await placeOrder(body, auth.sub, correlationId)),
 * );
 * ```
 */
export const httpHandler = <const TOptions extends HttpHandlerOptions>(
  options: TOptions,
  handler: HttpHandlerFunction<TOptions>,
): HttpLambdaHandler => {
  const { idempotency } = options;

  const run = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const auth = getAuthContext(event);
    if (options.roles) requireRole(auth, ...options.roles);
    const parsed = parseHttpRequest(event, options, options.maxBodyBytes);
    const idempotencyKey = parsed.headers['idempotency-key'];
    const request = {
      ...parsed,
      auth,
      // Set by the correlation middleware for this invocation; resolved here only if it did not run.
      correlationId: getCorrelationId() ?? resolveCorrelationId(event),
      requestId: context?.awsRequestId ?? '',
      idempotencyKey,
      method: httpMethodOf(event),
      route: routeOf(event),
      event,
      context,
    } as HttpRequestOf<TOptions>;
    const execute = async (): Promise<APIGatewayProxyResult> => toHttpResponse(await handler(request));

    if (!idempotency) return execute();
    if (idempotencyKey === undefined) {
      if (idempotency.required)
        throw validationFailed([{ path: 'headers.Idempotency-Key', message: 'Required' }]);
      return execute();
    }
    if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw validationFailed([
        { path: 'headers.Idempotency-Key', message: 'Must be 1 to 255 visible ASCII characters' },
      ]);
    }
    return idempotency.run(
      {
        key: idempotencyKey,
        caller: auth?.sub ?? 'anonymous',
        method: request.method,
        route: request.route,
        body: request.body,
      },
      context,
      execute,
    );
  };

  const wrapped = middy<HttpEvent, APIGatewayProxyResult>(run)
    .use(observability(options.observability))
    .use(correlation({ echoInResponse: true }));
  if (options.cors !== false) wrapped.use(cors(options.cors));
  wrapped.use(httpErrorHandler());
  return wrapped as HttpLambdaHandler;
};
