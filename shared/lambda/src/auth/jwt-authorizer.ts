import type { MiddyfiedHandler } from '@middy/core';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { requireEnv } from '../configuration-error';
import { logger } from '../observability/logger';
import { withObservability, type ObservabilityOptions } from '../observability/observability-middleware';
import { InvalidTokenError, JwtVerifier, type VerifiedCaller } from './jwt-verifier';
import { routePolicy, type RoutesByRole } from './route-policy';

export type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;
export type AuthorizerHandler = MiddyfiedHandler<AuthorizerEvent, APIGatewayAuthorizerResult>;

export type JwtAuthorizerOptions = (
  | {
      /** The routes each role may call; the policy allows exactly those. */
      routesByRole: RoutesByRole;
      policy?: never;
    }
  | {
      /** Builds the policy for a verified caller yourself. */
      policy: (caller: VerifiedCaller, methodArn: string) => APIGatewayAuthorizerResult;
      routesByRole?: never;
    }
) & {
  /** The verifier to use; default one built from JWT_ISSUER / JWT_AUDIENCE / JWKS_URL on first use. */
  verifier?: () => JwtVerifier;
  observability?: ObservabilityOptions;
};

export const JWT_ISSUER_ENV = 'JWT_ISSUER';
export const JWT_AUDIENCE_ENV = 'JWT_AUDIENCE';
export const JWKS_URL_ENV = 'JWKS_URL';
export const DEFAULT_AUDIENCE = 'stratus';

/** The exact error message API Gateway maps to 401 for a Lambda authorizer. */
const UNAUTHORIZED = 'Unauthorized';
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

let environmentVerifier: JwtVerifier | undefined;

/**
 * Built once per container from the environment, so the JWKS stays cached across invocations:
 * `JWT_ISSUER` (required), `JWT_AUDIENCE` (default `stratus`), `JWKS_URL` (default
 * `<issuer>/.well-known/jwks.json`, where Cognito and the local issuer publish their keys).
 */
export function verifierFromEnvironment(): JwtVerifier {
  const issuer = requireEnv(JWT_ISSUER_ENV, 'the issuer whose access tokens this API accepts');
  environmentVerifier ??= new JwtVerifier({
    issuer,
    audience: process.env[JWT_AUDIENCE_ENV] || DEFAULT_AUDIENCE,
    jwksUrl: process.env[JWKS_URL_ENV] || `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
  });
  return environmentVerifier;
}

/** The bearer token of a TOKEN event, or of a REQUEST event's Authorization header (any case). */
export function bearerTokenOf(event: AuthorizerEvent): string | undefined {
  const header =
    event.type === 'TOKEN'
      ? event.authorizationToken
      : Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return BEARER.exec(header ?? '')?.[1];
}

/**
 * A REST API Lambda authorizer (TOKEN or REQUEST) for Stratus access tokens. A valid token gets
 * the policy of its role (`routesByRole`, or your own `policy`); anything else is answered
 * `Unauthorized`, which API Gateway turns into 401 without calling the function behind it. A role
 * without the route called gets 403 from API Gateway. Configuration problems (no JWT_ISSUER) are
 * thrown as they are, so they show as errors (500), not as a refused token.
 *
 * ```ts
 * export const handler = jwtAuthorizer({
 *   routesByRole: { customer: ['POST/orders', 'GET/orders', 'GET/orders/*'], admin: ['GET/orders/*'] },
 * });
 * ```
 */
export function jwtAuthorizer(options: JwtAuthorizerOptions): AuthorizerHandler {
  const verifier = options.verifier ?? verifierFromEnvironment;
  const policyFor =
    options.policy ??
    ((caller: VerifiedCaller, methodArn: string) => routePolicy(caller, methodArn, options.routesByRole));
  return withObservability(async (event: AuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const token = bearerTokenOf(event);
    try {
      if (token === undefined) throw new InvalidTokenError('no bearer token');
      return policyFor(await verifier().verify(token), event.methodArn);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      logger.info('Token refused', { reason: error.message, authorizerType: event.type });
      throw new Error(UNAUTHORIZED);
    }
  }, options.observability);
}
