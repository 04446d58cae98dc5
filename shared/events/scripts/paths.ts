import { join, resolve } from 'node:path';

export const PACKAGE_ROOT = resolve(__dirname, '..');
export const REPO_ROOT = resolve(PACKAGE_ROOT, '..', '..');
export const DOCS_FILE = join(REPO_ROOT, 'docs', 'events.md');
export const SNAPSHOT_FILE = join(PACKAGE_ROOT, 'contracts.snapshot.json');
export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'generated', 'schemas');
