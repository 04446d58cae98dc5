import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { Role, VerifiedCaller } from '../adapters/auth/jwt-verifier';

/** Which `METHOD/path` patterns of this API each role may call (`*` matches within the ARN). */
export const ROUTES_BY_ROLE: Record<Role, readonly string[]> = {
  customer: ['GET/inventory/*'],
  admin: ['GET/inventory/*', 'PUT/inventory/*'],
};

/**
 * An IAM policy for every route the caller's role may use. API Gateway caches the authorizer's
 * answer per token, so the policy covers the role's routes, not just the one being called
 * (a policy naming only the first route would deny the caller's next, different request).
 */
export function policyFor(caller: VerifiedCaller, methodArn: string): APIGatewayAuthorizerResult {
  // arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path...>
  const [api, stage, method] = methodArn.split('/');
  if (api === undefined || !api.startsWith('arn:') || stage === undefined || method === undefined) {
    throw new Error(`unexpected method ARN ${methodArn}`);
  }
  const base = `${api}/${stage}`;
  return {
    principalId: caller.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: ROUTES_BY_ROLE[caller.role].map((route) => `${base}/${route}`),
        },
      ],
    },
    // Handlers read these through getAuthContext (values must be strings).
    context: { sub: caller.sub, role: caller.role },
  };
}
