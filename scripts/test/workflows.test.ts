import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../src/packaging/find-services';

/** actionlint compiled to WebAssembly, shipped inside the npm package: runs offline. */
const ACTIONLINT = path.join(
  REPOSITORY_ROOT,
  'node_modules',
  '@tktco',
  'node-actionlint',
  'bin',
  'node-actionlint.js',
);

function actionlint(cwd: string) {
  return spawnSync(process.execPath, [ACTIONLINT], { cwd, encoding: 'utf8', timeout: 60_000 });
}

describe('workflow validation (npm run lint:workflows)', () => {
  it('passes the repository workflows', () => {
    const result = actionlint(REPOSITORY_ROOT);
    expect(result.stdout).toContain('Checking 3 workflow file(s)');
    expect(result.status).toBe(0);
  });

  it('fails a workflow with an undefined job dependency and a bad permission', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stratus-actionlint-'));
    try {
      mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(
        path.join(dir, '.github', 'workflows', 'broken.yml'),
        [
          'on: push',
          'jobs:',
          '  deploy:',
          '    needs: [build]',
          '    runs-on: ubuntu-latest',
          '    permissions:',
          '      id-token: writ',
          '    steps:',
          '      - run: echo "${{ matrix.service }}"',
          '',
        ].join('\n'),
      );
      const result = actionlint(dir);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/needs job "build" which does not exist/);
      expect(result.stdout).toMatch(/"writ" is invalid for permission/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
