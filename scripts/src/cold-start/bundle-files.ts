import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Extracts `zipPath` into `targetDir` (the `unzip` command, present on CI runners and here). */
export function extractZip(zipPath: string, targetDir: string): void {
  try {
    execFileSync('unzip', ['-q', '-o', zipPath, '-d', targetDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new Error('The cold-start benchmark needs the `unzip` command (apt-get install unzip)');
    throw error;
  }
}

/** Total size in bytes of every file under `dir`. */
export function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export interface HandlerModule {
  /** Absolute path of the bundled handler module. */
  file: string;
  /** Export that holds the handler function. */
  exportName: string;
  format: 'cjs' | 'esm';
}

/** Where a Lambda handler string (`src/handlers/x.handler`) points inside an extracted bundle. */
export function locateHandler(bundleDir: string, handler: string): HandlerModule {
  const separator = handler.lastIndexOf('.');
  if (separator <= 0) throw new Error(`Handler "${handler}" is not <module>.<export>`);
  const modulePath = handler.slice(0, separator);
  const exportName = handler.slice(separator + 1);
  for (const extension of ['.js', '.cjs', '.mjs']) {
    const file = path.join(bundleDir, `${modulePath}${extension}`);
    if (existsSync(file)) return { file, exportName, format: extension === '.mjs' ? 'esm' : 'cjs' };
  }
  throw new Error(`No ${modulePath}.js, .cjs or .mjs in the bundle for handler "${handler}"`);
}
