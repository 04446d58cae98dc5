import { mintToken } from '@stratus/local-cloud/src/identity/mint-token';
import type { Role } from '@stratus/local-cloud/src/identity/mint-token';
import { readSigningKey } from '@stratus/local-cloud/src/identity/signing-key';
import type { SigningKey } from '@stratus/local-cloud/src/identity/signing-key';
import { sagaStack } from './saga-stack';

let key: Promise<SigningKey> | undefined;
const minted = new Map<string, Promise<string>>();

/**
 * An access token from the stack's local issuer, as `npm run token -- --sub <subject> --role
 * <role>` prints it: the services' authorizers verify it against the issuer's JWKS.
 */
export function tokenFor(subject: string, role: Role = 'customer'): Promise<string> {
  const cacheKey = `${role}:${subject}`;
  let token = minted.get(cacheKey);
  if (!token) {
    const stack = sagaStack();
    key ??= readSigningKey(stack.dataDir);
    token = key.then((signingKey) =>
      mintToken({
        key: signingKey,
        issuer: stack.endpoints.identity.issuer,
        audience: stack.endpoints.identity.audience,
        subject,
        role,
        // Longer than the longest test file.
        expiresInSeconds: 2 * 3600,
      }),
    );
    minted.set(cacheKey, token);
  }
  return token;
}

export const adminToken = () => tokenFor('e2e-admin', 'admin');
