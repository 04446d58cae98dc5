/**
 * The JWT verifier moved into the handler kit (`@stratus/lambda`), where every service's
 * authorizer shares it. These names stay so that inventory's own code keeps its imports.
 */
export { InvalidTokenError, JwtVerifier, ROLES } from '@stratus/lambda';
export type { JwtVerifierOptions, Role, VerifiedCaller } from '@stratus/lambda';
