import { execFileSync } from 'node:child_process';

/** A changed path between two commits, as `git diff --name-status --no-renames` reports it. */
export interface FileChange {
  status: 'A' | 'M' | 'D' | 'T';
  path: string;
}

/** The all-zero sha GitHub sends as `before` when a branch is first pushed. */
export const NULL_SHA = /^0{40}$/;

/** Read-only git access to one repository at given refs. */
export class GitRepository {
  constructor(readonly cwd: string) {}

  private git(args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Whether `ref` names a commit in this repository. */
  hasCommit(ref: string): boolean {
    try {
      this.git(['cat-file', '-e', `${ref}^{commit}`]);
      return true;
    } catch {
      return false;
    }
  }

  /** Files changed from `base` to `head`; a rename counts as a deletion plus an addition. */
  diff(base: string, head: string): FileChange[] {
    const output = this.git(['diff', '--name-status', '--no-renames', '-z', base, head]);
    const fields = output.split('\0').filter((field) => field.length > 0);
    const changes: FileChange[] = [];
    for (let index = 0; index + 1 < fields.length; index += 2) {
      const status = fields[index]?.charAt(0);
      const path = fields[index + 1];
      if (path === undefined) continue;
      if (status === 'A' || status === 'M' || status === 'D' || status === 'T')
        changes.push({ status, path });
      else changes.push({ status: 'M', path });
    }
    return changes;
  }

  /** Every file path in the tree of `ref`. */
  listFiles(ref: string): string[] {
    return this.git(['ls-tree', '-r', '-z', '--name-only', ref])
      .split('\0')
      .filter((path) => path.length > 0);
  }

  /** Content of `path` at `ref`. */
  readFile(ref: string, path: string): string {
    return this.git(['show', `${ref}:${path}`]);
  }
}
