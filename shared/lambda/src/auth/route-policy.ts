import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { Role, VerifiedCaller } from './jwt-verifier';

/**
 * `METHOD/path` patterns of one API that each role may call, e.g.
 * `{ customer: ['GET/orders', 'POST/orders/*\/cancel'], admin: ['GET/orders/*'] }`. `*` matches
 * within the method ARN the way IAM does. A role without an entry may call nothing.
 */
export type RoutesByRole = Partial<Record<Role, readonly string[]>>;

/**
 * An Allow policy for every route the caller's role may use. API Gateway caches an authorizer's
 * answer per token for the whole API, so the policy must cover the role's routes, not just the
 * one being called (a policy naming only the first route would deny the caller's next request).
 * The authorizer context carries `sub`, `role` and, when known, `email` (values must be strings);
 * handlers read them with `getAuthContext`.
 */
export function routePolicy(
  caller: VerifiedCaller,
  methodArn: string,
  routesByRole: RoutesByRole,
): APIGatewayAuthorizerResult {
  // arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path...>
  const [api, stage, method] = methodArn.split('/');
  if (api === undefined || !api.startsWith('arn:') || stage === undefined || method === undefined) {
    throw new Error(`unexpected method ARN ${methodArn}`);
  }
  const base = `${api}/${stage}`;
  const routes = routesByRole[caller.role] ?? [];
  return {
    principalId: caller.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        routes.length > 0
          ? {
              Action: 'execute-api:Invoke',
              Effect: 'Allow',
              Resource: routes.map((route) => `${base}/${route.replace(/^\//, '')}`),
            }
          : { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${base}/*` },
      ],
    },
    context: {
      sub: caller.sub,
      role: caller.role,
      ...(caller.email === undefined ? {} : { email: caller.email }),
    },
  };
}
