import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(240_000);

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, '../../../..');
const fixtureService = path.resolve(__dirname, '../fixtures/services/fixture-shop');

/** Every process on the machine that belongs to a stack of the fixture project: its offline service, or the JVM of its temporary data. */
function fixtureStackProcesses(): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === fixtureService || command.includes('stratus-local-cloud-'))
        found.push({ pid: Number(entry), command });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

it('starts the stack for a Jest project through globalSetup by package path, and stops all of it in globalTeardown', async () => {
  const before = new Set(fixtureStackProcesses().map((entry) => entry.pid));
  const jest = require.resolve('jest/bin/jest', { paths: [root] });
  const { stdout, stderr } = await execFileAsync(
    process.execPath,
    [jest, '-c', path.join(__dirname, '../fixtures/jest-project/jest.config.js'), '--ci'],
    { cwd: root },
  );
  expect(`${stdout}${stderr}`).toMatch(/Tests:\s+1 passed, 1 total/);
  // The nested Jest has exited: whatever it started (orphans included) must be gone.
  const deadline = Date.now() + 5_000;
  let leftovers = fixtureStackProcesses().filter((entry) => !before.has(entry.pid));
  while (leftovers.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    leftovers = fixtureStackProcesses().filter((entry) => !before.has(entry.pid));
  }
  expect(leftovers.map((entry) => entry.command)).toEqual([]);
});
