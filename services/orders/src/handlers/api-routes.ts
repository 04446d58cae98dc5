import type { RoutesByRole } from '@stratus/lambda';

/**
 * What each role may call on the orders API (the authorizer's policy; API Gateway answers 403
 * for anything else). Ownership is checked by the handlers: a customer reaching another
 * customer's order gets 404. `/health` has no authorizer.
 */
export const ORDERS_ROUTES_BY_ROLE: RoutesByRole = {
  customer: ['POST/orders', 'GET/orders', 'GET/orders/*', 'POST/orders/*/cancel'],
  admin: ['GET/orders', 'GET/orders/*'],
};
