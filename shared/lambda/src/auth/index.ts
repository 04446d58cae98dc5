export { InvalidTokenError, JwtVerifier, KeysUnavailableError, ROLES } from './jwt-verifier';
export type { JwtVerifierOptions, Role, VerifiedCaller } from './jwt-verifier';
export { routePolicy } from './route-policy';
export type { RoutesByRole } from './route-policy';
export {
  bearerTokenOf,
  DEFAULT_AUDIENCE,
  JWKS_URL_ENV,
  JWT_AUDIENCE_ENV,
  JWT_ISSUER_ENV,
  jwtAuthorizer,
  verifierFromEnvironment,
} from './jwt-authorizer';
export type { AuthorizerEvent, AuthorizerHandler, JwtAuthorizerOptions } from './jwt-authorizer';
