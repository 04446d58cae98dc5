/**
 * CI contract checks (root: `npm run contracts:check`):
 *   1. every EventBridge pattern in services/*\/serverless.yml names catalog sources and detail-types;
 *   2. no contract changed incompatibly without a new version, against contracts.snapshot.json;
 *   3. docs/events.md is what the generator writes today.
 * `--update` rewrites the snapshot, and refuses to while a change is breaking.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { catalog } from '../src';
import { buildSnapshot, checkCompatibility, type ContractSnapshot } from '../src/checks/check-compatibility';
import { checkDocsFresh } from '../src/checks/check-docs-fresh';
import { checkRulePatterns } from '../src/checks/check-rule-patterns';
import { loadServicePatterns } from '../src/checks/load-service-patterns';
import { expectedEventsMarkdown, formatJson } from './events-markdown';
import { DOCS_FILE, REPO_ROOT, SNAPSHOT_FILE } from './paths';

async function main(): Promise<number> {
  const update = process.argv.includes('--update');
  let failures = 0;
  const fail = (message: string) => {
    failures += 1;
    console.error(`  ✗ ${message}`);
  };

  console.log('Rules in services/*/serverless.yml');
  const { files, patterns } = loadServicePatterns(REPO_ROOT);
  for (const problem of checkRulePatterns(patterns, catalog)) {
    fail(`${problem.file} ${problem.rule}: ${problem.field} ${problem.value}: ${problem.message}`);
  }
  if (failures === 0)
    console.log(`  ✓ ${patterns.length} pattern(s) in ${files.length} file(s) match the catalog`);

  console.log('Contract compatibility against contracts.snapshot.json');
  const snapshotFile = relative(REPO_ROOT, SNAPSHOT_FILE);
  const current = buildSnapshot(catalog);
  const snapshot: ContractSnapshot = existsSync(SNAPSHOT_FILE)
    ? (JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as ContractSnapshot)
    : {};
  const { breaking, compatible } = checkCompatibility(snapshot, current);
  for (const problem of breaking) {
    fail(
      `${problem.contract} ${problem.path}: ${problem.kind}: ${problem.message} (bump the version: add a v+1 contract)`,
    );
  }
  if (breaking.length > 0 && update)
    console.error(`  ${snapshotFile} was NOT updated: fix the breaking changes first`);
  if (breaking.length === 0 && update) {
    writeFileSync(SNAPSHOT_FILE, await formatJson(current, SNAPSHOT_FILE));
    console.log(`  ✓ wrote ${snapshotFile} (${Object.keys(current).length} contracts)`);
  } else if (breaking.length === 0 && compatible.length > 0) {
    // The snapshot is the baseline for the next change: it must record what is live now.
    for (const change of compatible) fail(`${change}: not recorded in ${snapshotFile}`);
    console.error(
      '  These changes are compatible: run `npm run contracts:check -- --update` and commit the snapshot',
    );
  } else if (breaking.length === 0) {
    console.log(`  ✓ ${Object.keys(current).length} contracts match the snapshot`);
  }

  console.log('docs/events.md');
  const docsFile = relative(REPO_ROOT, DOCS_FILE);
  const committed = existsSync(DOCS_FILE) ? readFileSync(DOCS_FILE, 'utf8') : undefined;
  const docsProblems = checkDocsFresh(docsFile, committed, await expectedEventsMarkdown());
  for (const problem of docsProblems) fail(problem.message);
  if (docsProblems.length === 0) console.log(`  ✓ ${docsFile} is up to date`);

  if (failures > 0) console.error(`\ncontracts:check failed: ${failures} problem(s)`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
