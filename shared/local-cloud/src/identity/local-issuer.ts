import { createServer } from 'node:http';
import type { RunningEmulator } from '../emulators/running-emulator';
import { LOCAL_HOST, closeServer, listenOn } from '../emulators/support/ports';
import { LOCAL_AUDIENCE } from './mint-token';
import { loadOrCreateSigningKey } from './signing-key';
import type { SigningKey } from './signing-key';

export interface LocalIssuerOptions {
  port?: number;
  dataDir: string;
}

export interface RunningLocalIssuer extends RunningEmulator {
  name: 'identity';
  /** `iss` of the tokens: http://127.0.0.1:PORT */
  issuer: string;
  audience: string;
  jwksUrl: string;
  key: SigningKey;
}

/**
 * The local stand-in for the real identity provider (e.g. Cognito): serves the JWKS and an
 * OpenID discovery document, so authorizers verify local tokens exactly as they verify real ones,
 * only with JWT_ISSUER / JWKS_URL pointing here.
 */
export async function startLocalIssuer(options: LocalIssuerOptions): Promise<RunningLocalIssuer> {
  const key = await loadOrCreateSigningKey(options.dataDir);
  let issuer = '';
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === '/.well-known/jwks.json') return send(200, { keys: [key.publicJwk] });
    if (path === '/.well-known/openid-configuration') {
      return send(200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['token'],
        subject_types_supported: ['public'],
      });
    }
    return send(404, { error: `no route ${path}` });
  });
  const port = await listenOn(server, 'identity', options.port ?? 0);
  issuer = `http://${LOCAL_HOST}:${port}`;
  return {
    name: 'identity',
    endpoint: issuer,
    port,
    issuer,
    audience: LOCAL_AUDIENCE,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    key,
    stop: () => closeServer(server),
  };
}
