import accounts from 's3rver/lib/models/account';

let installed = false;

/**
 * s3rver does not verify SigV4 signatures, but it still rejects any access key other than its
 * built-in `S3RVER` with InvalidAccessKeyId. Handlers sign with whatever credentials their
 * environment holds, so every unknown key is mapped to the built-in account (process-wide, once).
 */
export function acceptAnyAccessKey(): void {
  if (installed) return;
  installed = true;
  const registry = accounts.registry;
  const lookup = registry.get.bind(registry);
  registry.get = (accessKeyId: string) => lookup(accessKeyId) ?? accounts.DUMMY_ACCOUNT;
}
