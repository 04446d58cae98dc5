import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CryptoKey, JWK } from 'jose';
// jose ships ESM only; loading it on first use keeps this package importable from Jest's
// CommonJS test runtime (which can require ESM only with --experimental-vm-modules).
const loadJose = () => import('jose');

export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** Public half as published in the JWKS. */
  publicJwk: JWK;
}

/** `<dataDir>/identity/signing-key.json`: the private JWK, created once and kept across restarts. */
export function signingKeyFile(dataDir: string): string {
  return path.join(dataDir, 'identity', 'signing-key.json');
}

/**
 * The local issuer's RSA key: read from the data directory, or generated once with jose and stored
 * there (mode 0600), so tokens minted before a restart stay valid after it.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = signingKeyFile(dataDir);
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { calculateJwkThumbprint, exportJWK, generateKeyPair } = await loadJose();
    const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, {
      extractable: true,
      modulusLength: 2048,
    });
    privateJwk = await exportJWK(privateKey);
    privateJwk.kid = await calculateJwkThumbprint(privateJwk);
    privateJwk.alg = SIGNING_ALGORITHM;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return fromPrivateJwk(privateJwk);
}

/** Reads the key an earlier start created; the token command uses it without starting anything. */
export async function readSigningKey(dataDir: string): Promise<SigningKey> {
  const file = signingKeyFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `no local signing key at ${file}: run \`npm start\` once (it creates the key), then mint tokens`,
      );
    }
    throw error;
  }
  return fromPrivateJwk(JSON.parse(text) as JWK);
}

async function fromPrivateJwk(privateJwk: JWK): Promise<SigningKey> {
  const { calculateJwkThumbprint, importJWK } = await loadJose();
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(privateJwk));
  const privateKey = (await importJWK(privateJwk, SIGNING_ALGORITHM)) as CryptoKey;
  const { kty, n, e } = privateJwk;
  const publicJwk: JWK = { kty, n, e, kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  return { kid, privateKey, publicJwk };
}
