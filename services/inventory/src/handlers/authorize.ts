import { logger, requireEnv, withObservability } from '@stratus/lambda';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { InvalidTokenError, JwtVerifier } from '../adapters/auth/jwt-verifier';
import { policyFor } from './authorizer-policy';

let verifier: JwtVerifier | undefined;

/** Built once per container so the JWKS stays cached across invocations. */
function jwtVerifier(): JwtVerifier {
  const issuer = requireEnv('JWT_ISSUER', 'the issuer whose access tokens this API accepts');
  verifier ??= new JwtVerifier({
    issuer,
    audience: process.env.JWT_AUDIENCE || 'stratus',
    jwksUrl: process.env.JWKS_URL || `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
  });
  return verifier;
}

/**
 * REST API TOKEN authorizer. A valid token gets an Allow policy for its role's routes; anything
 * else is answered `Unauthorized`, which API Gateway turns into 401 without calling the function.
 */
export const handler = withObservability(
  async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(event.authorizationToken ?? '');
    try {
      if (!match) throw new InvalidTokenError('no bearer token');
      return policyFor(await jwtVerifier().verify(match[1]!), event.methodArn);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      logger.info('Token refused', { reason: error.message });
      // The exact message API Gateway maps to 401.
      throw new Error('Unauthorized');
    }
  },
);
