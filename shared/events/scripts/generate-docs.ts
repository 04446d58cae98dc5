/**
 * Writes docs/events.md from the catalog, or with --check exits 1 when the committed file is stale.
 *   npm run docs:events            (from the repo root)
 *   npm run docs:events -- --check
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { checkDocsFresh } from '../src/checks/check-docs-fresh';
import { expectedEventsMarkdown } from './events-markdown';
import { DOCS_FILE, REPO_ROOT } from './paths';

async function main() {
  const expected = await expectedEventsMarkdown();
  const file = relative(REPO_ROOT, DOCS_FILE);
  if (process.argv.includes('--check')) {
    const committed = existsSync(DOCS_FILE) ? readFileSync(DOCS_FILE, 'utf8') : undefined;
    const problems = checkDocsFresh(file, committed, expected);
    for (const problem of problems) console.error(`✗ ${problem.message}`);
    if (problems.length > 0) process.exit(1);
    console.log(`✓ ${file} is up to date`);
    return;
  }
  mkdirSync(dirname(DOCS_FILE), { recursive: true });
  writeFileSync(DOCS_FILE, expected);
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
