import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The state an emulator saved as JSON under its data directory, or undefined before the first
 * save. A file that is there but cannot be read or parsed stops the emulator, naming the file and
 * the way out, instead of starting empty and overwriting it.
 */
export function readJsonState<T>(file: string, emulator: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(
      `${emulator}: ${file} cannot be read (${(error as Error).message}); fix its permissions, delete it or start with --fresh`,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(
      `${emulator}: ${file} is corrupt (${(error as Error).message}); delete it or start with --fresh`,
    );
  }
}

/**
 * Replaces `file` with `state` as JSON in one step (a temporary file renamed over it), so a stop
 * in the middle of a save never leaves half a file behind. `indent` for files people read.
 */
export function writeJsonState(file: string, state: unknown, indent?: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, indent));
  renameSync(temporary, file);
}
