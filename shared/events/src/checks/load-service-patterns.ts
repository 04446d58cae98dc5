import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findEventPatterns, type FoundEventPattern } from './find-event-patterns';
import { parseServerlessYaml } from './parse-serverless-yaml';

/** The event patterns of every `services/*\/serverless.yml` under `root`, files named relative to it. */
export function loadServicePatterns(root: string): { files: string[]; patterns: FoundEventPattern[] } {
  const servicesDir = join(root, 'services');
  if (!existsSync(servicesDir)) return { files: [], patterns: [] };
  const files = readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(servicesDir, entry.name, 'serverless.yml'))
    .filter((file) => existsSync(file))
    .sort();
  const patterns = files.flatMap((file) => {
    const name = relative(root, file);
    return findEventPatterns(parseServerlessYaml(readFileSync(file, 'utf8'), name), name);
  });
  return { files: files.map((file) => relative(root, file)), patterns };
}
