import type { RoutesByRole } from '@stratus/lambda';

/**
 * What each role may call on the inventory API (the authorizer's policy; API Gateway answers 403
 * for anything else): customers read stock, admins read and set it.
 */
export const INVENTORY_ROUTES_BY_ROLE: RoutesByRole = {
  customer: ['GET/inventory/*'],
  admin: ['GET/inventory/*', 'PUT/inventory/*'],
};
