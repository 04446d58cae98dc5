import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Packages installed at the repository root that Node can `require()` as they are: those the
 * local bundles may leave out (esbuild `external`), to be loaded from node_modules at run time.
 *
 * Why: serverless-esbuild bundles every function separately, so each bundle parses Powertools,
 * zod and friends again; leaving them out cut the bundling of the orders service (11 functions)
 * from ~11 s to ~3 s on these machines, which is most of its start-up. Workspace packages
 * (`@stratus/*`, TypeScript sources) and packages Node can only `import` (such as `@middy/*`,
 * whose exports offer no `require` or `default` condition) stay bundled. Deployed bundles are not
 * affected: this applies only to the local stage's offline build.
 */
export function requireablePackages(rootDir: string): string[] {
  const nodeModules = path.join(rootDir, 'node_modules');
  if (!existsSync(nodeModules)) return [];
  const names: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      if (entry === '@stratus') continue;
      for (const scoped of readdirSync(path.join(nodeModules, entry))) names.push(`${entry}/${scoped}`);
    } else {
      names.push(entry);
    }
  }
  return names.filter((name) => isRequireable(path.join(nodeModules, name, 'package.json')));
}

function isRequireable(manifestFile: string): boolean {
  let manifest: { exports?: unknown; main?: unknown; types?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as typeof manifest;
  } catch {
    return false;
  }
  if (manifest.exports === undefined) return true;
  return offersRequire(rootExport(manifest.exports));
}

/** The export of `.`: a string, a conditions object, or the `.` entry of a subpath map. */
function rootExport(exports: unknown): unknown {
  if (exports !== null && typeof exports === 'object' && !Array.isArray(exports)) {
    const record = exports as Record<string, unknown>;
    if (Object.keys(record).some((key) => key.startsWith('.'))) return record['.'];
  }
  return exports;
}

function offersRequire(target: unknown): boolean {
  if (typeof target === 'string') return true;
  if (Array.isArray(target)) return target.some(offersRequire);
  if (target === null || typeof target !== 'object') return false;
  return Object.entries(target as Record<string, unknown>).some(
    ([condition, value]) => ['require', 'node', 'default'].includes(condition) && offersRequire(value),
  );
}
