/**
 * Which services a change between two commits requires deploying.
 *
 *   npm run changed-services -- --base <ref> [--head <ref>] [--repo <dir>] [--github-output]
 *
 * Prints `{"eventBus":bool,"services":[...],"removed":[...]}`. With --github-output it also
 * appends `event_bus`, `services`, `has_services` and `removed` to $GITHUB_OUTPUT for a workflow.
 * When the base is unknown (a first push sends an all-zero sha, a force push an unreachable one)
 * every service is deployed, and the reason goes to stderr.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { computeChangedServices, type ChangedServices } from './src/changed-services/compute';
import { GitRepository, NULL_SHA } from './src/changed-services/git';
import { readWorkspaces } from './src/changed-services/workspaces';
import { runMain } from './src/run-main';

export function changedServicesBetween(
  repository: GitRepository,
  base: string | undefined,
  head: string,
): ChangedServices {
  const headWorkspaces = readWorkspaces(repository, head);
  if (!base || NULL_SHA.test(base) || !repository.hasCommit(base)) {
    process.stderr.write(
      `changed-services: base "${base ?? ''}" is not a known commit; deploying every service\n`,
    );
    return computeChangedServices({
      changes: [{ status: 'M', path: 'package.json' }],
      head: headWorkspaces,
      base: headWorkspaces,
    });
  }
  return computeChangedServices({
    changes: repository.diff(base, head),
    head: headWorkspaces,
    base: readWorkspaces(repository, base),
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      head: { type: 'string', default: 'HEAD' },
      repo: { type: 'string', default: process.cwd() },
      'github-output': { type: 'boolean', default: false },
    },
  });
  const result = changedServicesBetween(new GitRepository(values.repo), values.base, values.head);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (values['github-output']) {
    const target = process.env.GITHUB_OUTPUT;
    if (!target) throw new Error('--github-output needs the GITHUB_OUTPUT environment variable');
    appendFileSync(
      target,
      [
        `event_bus=${String(result.eventBus)}`,
        `services=${JSON.stringify(result.services)}`,
        `has_services=${String(result.services.length > 0)}`,
        `removed=${JSON.stringify(result.removed)}`,
        '',
      ].join('\n'),
    );
  }
}

if (require.main === module) runMain('changed-services', main);
