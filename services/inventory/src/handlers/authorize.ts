import { jwtAuthorizer } from '@stratus/lambda';
import { INVENTORY_ROUTES_BY_ROLE } from './api-routes';

/**
 * REST API TOKEN authorizer: the kit's JWT authorizer (jose, JWKS cached per container, issuer
 * from JWT_ISSUER) with inventory's routes per role. A valid token gets an Allow policy for its
 * role's routes; anything else is answered `Unauthorized` (401).
 */
export const handler = jwtAuthorizer({ routesByRole: INVENTORY_ROUTES_BY_ROLE });
