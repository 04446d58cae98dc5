import { parseArgs } from 'node:util';
import { defaultDataDir, postJson, requireRunning, runCli } from './local-cloud-address';

const USAGE = `Usage: npm run schedule:fire -- <service> <function-or-state-machine>

Fires that schedule now through the running local cloud (the same Scheduled Event the clock sends).`;

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  const [service, name] = positionals;
  if (values.help || service === undefined || name === undefined) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const endpoints = requireRunning(values['data-dir'] ?? defaultDataDir());
  const result = (await postJson(`${endpoints.admin}/_local/schedules/fire`, { service, name })) as {
    fired: { ruleName: string; eventId: string }[];
  };
  for (const fired of result.fired)
    process.stdout.write(
      `fired ${fired.ruleName} (event ${fired.eventId}); the route shows in the npm start log\n`,
    );
});
