import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changedServicesBetween } from '../changed-services';
import { GitRepository } from '../src/changed-services/git';

/**
 * A miniature Stratus: shared/events <- shared/lambda <- services/orders (transitive),
 * shared/events <- services/event-bus and services/inventory, services/reports on its own,
 * and shared/config that no service uses.
 */
const MINIATURE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'mini', private: true, workspaces: ['shared/*', 'services/*'] }),
  'package-lock.json': '{"lockfileVersion":3}',
  'tsconfig.base.json': '{"compilerOptions":{"strict":true}}',
  'README.md': '# mini\n',
  'docs/guide.md': '# guide\n',
  'scripts/tool.ts': 'export {};\n',
  'shared/events/package.json': JSON.stringify({ name: '@mini/events' }),
  'shared/events/src/index.ts': 'export const events = 1;\n',
  'shared/lambda/package.json': JSON.stringify({
    name: '@mini/lambda',
    dependencies: { '@mini/events': '0.1.0' },
  }),
  'shared/lambda/src/index.ts': 'export const lambda = 1;\n',
  'shared/config/package.json': JSON.stringify({ name: '@mini/config' }),
  'shared/config/provider.js': 'module.exports = {};\n',
  'services/event-bus/package.json': JSON.stringify({
    name: '@mini/event-bus',
    dependencies: { '@mini/events': '0.1.0' },
  }),
  'services/event-bus/serverless.yml': 'service: event-bus\n',
  'services/orders/package.json': JSON.stringify({
    name: '@mini/orders',
    dependencies: { '@mini/lambda': '0.1.0', zod: '4.0.0' },
  }),
  'services/orders/serverless.yml': 'service: orders\n',
  'services/orders/src/handler.ts': 'export const handler = 1;\n',
  'services/orders/README.md': '# orders\n',
  'services/inventory/package.json': JSON.stringify({
    name: '@mini/inventory',
    devDependencies: { '@mini/events': '0.1.0' },
  }),
  'services/inventory/serverless.yml': 'service: inventory\n',
  'services/inventory/src/handler.ts': 'export const handler = 1;\n',
  'services/reports/package.json': JSON.stringify({ name: '@mini/reports' }),
  'services/reports/serverless.yml': 'service: reports\n',
  'services/reports/src/handler.ts': 'export const handler = 1;\n',
};

const ALL_BUT_BUS = ['inventory', 'orders', 'reports'];

describe('changed-services against a temporary git repository', () => {
  let repoDir: string;
  let repository: GitRepository;

  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
      cwd: repoDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Stratus Test',
        GIT_AUTHOR_EMAIL: 'test@stratus.invalid',
        GIT_COMMITTER_NAME: 'Stratus Test',
        GIT_COMMITTER_EMAIL: 'test@stratus.invalid',
      },
    }).trim();

  const write = (file: string, content: string): void => {
    mkdirSync(path.dirname(path.join(repoDir, file)), { recursive: true });
    writeFileSync(path.join(repoDir, file), content);
  };

  /** Starts a branch at the base commit, applies `change`, commits, and computes the result. */
  const afterChange = (change: () => void) => {
    git('checkout', '-q', '-B', `case-${Math.random().toString(36).slice(2)}`, 'base');
    change();
    git('add', '-A');
    git('commit', '-q', '-m', 'change');
    return changedServicesBetween(repository, 'base', 'HEAD');
  };

  beforeAll(() => {
    repoDir = mkdtempSync(path.join(tmpdir(), 'stratus-changed-services-'));
    repository = new GitRepository(repoDir);
    git('init', '-q');
    for (const [file, content] of Object.entries(MINIATURE)) write(file, content);
    git('add', '-A');
    git('commit', '-q', '-m', 'miniature monorepo');
    git('tag', 'base');
  });

  afterAll(() => rmSync(repoDir, { recursive: true, force: true }));

  it('deploys only the service whose code changed', () => {
    expect(afterChange(() => write('services/orders/src/handler.ts', 'export const handler = 2;\n'))).toEqual(
      {
        eventBus: false,
        services: ['orders'],
        removed: [],
      },
    );
  });

  it('deploys every service that depends on a changed shared package, transitively', () => {
    expect(afterChange(() => write('shared/events/src/index.ts', 'export const events = 2;\n'))).toEqual({
      eventBus: true,
      services: ['inventory', 'orders'],
      removed: [],
    });
    expect(afterChange(() => write('shared/lambda/src/index.ts', 'export const lambda = 2;\n'))).toEqual({
      eventBus: false,
      services: ['orders'],
      removed: [],
    });
  });

  it('deploys nothing for a shared package no service uses', () => {
    expect(
      afterChange(() => write('shared/config/provider.js', 'module.exports = { changed: true };\n')),
    ).toEqual({
      eventBus: false,
      services: [],
      removed: [],
    });
  });

  it('deploys nothing for a documentation-only change, even inside a service', () => {
    expect(
      afterChange(() => {
        write('README.md', '# mini, explained\n');
        write('docs/guide.md', '# guide v2\n');
        write('docs/diagram.svg', '<svg/>\n');
        write('services/orders/README.md', '# orders, explained\n');
      }),
    ).toEqual({ eventBus: false, services: [], removed: [] });
  });

  it('deploys nothing for root tooling outside the deploy inputs', () => {
    expect(afterChange(() => write('scripts/tool.ts', 'export const tool = 1;\n'))).toEqual({
      eventBus: false,
      services: [],
      removed: [],
    });
  });

  it('counts a deleted file for its service', () => {
    expect(afterChange(() => git('rm', '-q', 'services/inventory/src/handler.ts'))).toEqual({
      eventBus: false,
      services: ['inventory'],
      removed: [],
    });
  });

  it('deploys every service when the root lockfile changes', () => {
    expect(afterChange(() => write('package-lock.json', '{"lockfileVersion":3,"packages":{}}'))).toEqual({
      eventBus: true,
      services: ALL_BUT_BUS,
      removed: [],
    });
  });

  it('deploys every service when tsconfig.base.json changes', () => {
    expect(afterChange(() => write('tsconfig.base.json', '{"compilerOptions":{"strict":false}}'))).toEqual({
      eventBus: true,
      services: ALL_BUT_BUS,
      removed: [],
    });
  });

  it('reports a deleted service as removed instead of deploying it', () => {
    expect(afterChange(() => git('rm', '-r', '-q', 'services/reports'))).toEqual({
      eventBus: false,
      services: [],
      removed: ['reports'],
    });
  });

  it('deploys a service added with a new dependency on a shared package, and nothing else', () => {
    expect(
      afterChange(() => {
        write(
          'services/media/package.json',
          JSON.stringify({ name: '@mini/media', dependencies: { '@mini/lambda': '0.1.0' } }),
        );
        write('services/media/serverless.yml', 'service: media\n');
      }),
    ).toEqual({ eventBus: false, services: ['media'], removed: [] });
  });

  it('deploys every service when the base commit is unknown (first push sends an all-zero sha)', () => {
    git('checkout', '-q', 'base');
    expect(changedServicesBetween(repository, '0'.repeat(40), 'HEAD')).toEqual({
      eventBus: true,
      services: ALL_BUT_BUS,
      removed: [],
    });
  });
});
