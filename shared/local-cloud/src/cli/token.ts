import { parseArgs } from 'node:util';
import { LOCAL_AUDIENCE, ROLES, mintToken } from '../identity/mint-token';
import type { Role } from '../identity/mint-token';
import { readSigningKey } from '../identity/signing-key';
import { defaultDataDir, issuerUrl, runCli } from './local-cloud-address';

const USAGE = `Usage: npm run token -- --sub <subject> --role <${ROLES.join('|')}> [--ttl <seconds>] [--claim name=value ...]

Prints a JWT signed by the local issuer (run \`npm start\` once first: it creates the key).
Use it as: curl -H "authorization: Bearer $(npm run -s token -- --sub alice --role customer)" ...`;

runCli(async () => {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      role: { type: 'string', default: 'customer' },
      ttl: { type: 'string', default: '3600' },
      claim: { type: 'string', multiple: true, default: [] },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || values.sub === undefined) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const claims = Object.fromEntries(
    values.claim.map((entry) => {
      const separator = entry.indexOf('=');
      if (separator < 1) throw new Error(`--claim expects name=value, got '${entry}'`);
      return [entry.slice(0, separator), entry.slice(separator + 1)];
    }),
  );
  const token = await mintToken({
    key: await readSigningKey(dataDir),
    issuer: issuerUrl(dataDir),
    audience: LOCAL_AUDIENCE,
    subject: values.sub,
    role: values.role as Role,
    expiresInSeconds: Number(values.ttl),
    claims,
  });
  process.stdout.write(`${token}\n`);
});
