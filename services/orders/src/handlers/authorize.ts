import { jwtAuthorizer } from '@stratus/lambda';
import { ORDERS_ROUTES_BY_ROLE } from './api-routes';

/**
 * REST API TOKEN authorizer: the kit's JWT authorizer (RS256 against the issuer's JWKS, cached per
 * container; issuer, audience, expiry, role), allowing each role its routes of the orders API.
 */
export const handler = jwtAuthorizer({ routesByRole: ORDERS_ROUTES_BY_ROLE });
