import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { ResponseHook } from '@aws-lambda-powertools/idempotency/types';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { HttpIdempotency, HttpIdempotentCall } from '../http/http-handler';
import { dynamoDbIdempotencyStore, type BasePersistenceLayer } from './persistence-store';

export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

export interface HttpIdempotencyOptions {
  /** Refuse requests without an `Idempotency-Key` header with 400 (default true). */
  required?: boolean;
  /** How long a key (and its stored response) is remembered. Default 24 h. */
  expiresAfterSeconds?: number;
  /** Where records live. Default: DynamoDB table from IDEMPOTENCY_TABLE_NAME, created on first use. */
  persistenceStore?: () => BasePersistenceLayer;
  /** Prefix of stored keys. Default: the Lambda function name. */
  keyPrefix?: string;
}

const ONE_DAY_SECONDS = 24 * 60 * 60;

/** Tells the client (and logs) that this response is a replay, not a second execution. */
const markReplayed: ResponseHook = (response) => {
  const stored = response as unknown as APIGatewayProxyResult;
  const replayed: APIGatewayProxyResult = {
    ...stored,
    headers: { ...stored.headers, [IDEMPOTENT_REPLAY_HEADER]: 'true' },
  };
  return replayed as unknown as ReturnType<ResponseHook>;
};

/**
 * Idempotency for `httpHandler` by `Idempotency-Key` header, on Powertools Idempotency.
 *
 * - Key: caller (`auth.sub`) + method + route + header value, so keys of different callers or
 *   endpoints never collide and one caller cannot replay another's response.
 * - The first request runs the handler and stores its response; a retry with the same key and
 *   the same body gets the stored response again, marked `Idempotent-Replayed: true`.
 * - The same key with another body: Powertools' payload validation (`payloadValidationJmesPath`
 *   on the validated body) raises IdempotencyValidationError -> 422 IDEMPOTENCY_KEY_REUSED.
 * - A retry while the first is still running -> 409 IDEMPOTENCY_KEY_IN_PROGRESS.
 * - A handler that throws stores nothing: the client may retry with the same key.
 */
export const httpIdempotency = (options: HttpIdempotencyOptions = {}): HttpIdempotency => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[caller, method, route, key]',
    payloadValidationJmesPath: 'body',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds ?? ONE_DAY_SECONDS,
    responseHook: markReplayed,
  });

  const runHttpRequestOnce = async (
    _call: HttpIdempotentCall,
    execute: () => Promise<APIGatewayProxyResult>,
  ): Promise<APIGatewayProxyResult> => execute();

  let idempotent: typeof runHttpRequestOnce | undefined;

  return {
    required: options.required ?? true,
    run: (call: HttpIdempotentCall, context: Context, execute: () => Promise<APIGatewayProxyResult>) => {
      idempotent ??= makeIdempotent(runHttpRequestOnce, {
        persistenceStore: (options.persistenceStore ?? dynamoDbIdempotencyStore)(),
        config,
        ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
      });
      // Lets Powertools expire an in-progress record if this invocation times out mid-way.
      config.registerLambdaContext(context);
      return idempotent(call, execute);
    },
  };
};
