import type { GitRepository } from './git';

/** A workspace package of the monorepo as it is at one commit. */
export interface Workspace {
  /** package.json name, e.g. `@stratus/orders`. */
  name: string;
  /** Folder relative to the repository root, e.g. `services/orders`. */
  dir: string;
  /** Names of the workspace packages it depends on directly (any dependency field). */
  workspaceDependencies: string[];
  /** Whether it is a deployable service: a folder under services/ holding a serverless.yml. */
  isService: boolean;
}

const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

interface PackageJson {
  name?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * The workspace patterns of the root package.json. Only `folder/*` patterns are supported, which
 * is what Stratus uses (`services/*`, `shared/*`); anything else is refused rather than guessed.
 */
function workspaceParents(rootPackage: PackageJson): string[] {
  const patterns = Array.isArray(rootPackage.workspaces)
    ? rootPackage.workspaces
    : (rootPackage.workspaces?.packages ?? []);
  return patterns.map((pattern) => {
    const match = /^([A-Za-z0-9._-]+)\/\*$/.exec(pattern);
    if (!match?.[1]) throw new Error(`Unsupported workspace pattern "${pattern}" (expected "folder/*")`);
    return match[1];
  });
}

/** Reads the workspace graph of the repository at `ref` from its package.json files. */
export function readWorkspaces(repository: GitRepository, ref: string): Workspace[] {
  const rootPackage = JSON.parse(repository.readFile(ref, 'package.json')) as PackageJson;
  const parents = new Set(workspaceParents(rootPackage));
  const files = repository.listFiles(ref);
  const fileSet = new Set(files);

  const workspaces: Workspace[] = [];
  for (const file of files) {
    const parts = file.split('/');
    if (parts.length !== 3 || parts[2] !== 'package.json' || !parents.has(parts[0] ?? '')) continue;
    const dir = `${parts[0]}/${parts[1]}`;
    const manifest = JSON.parse(repository.readFile(ref, file)) as PackageJson;
    if (!manifest.name) throw new Error(`${file} at ${ref} has no "name"`);
    const dependencyNames = DEPENDENCY_FIELDS.flatMap((field) => Object.keys(manifest[field] ?? {}));
    workspaces.push({
      name: manifest.name,
      dir,
      workspaceDependencies: [...new Set(dependencyNames)],
      isService:
        parts[0] === 'services' &&
        (fileSet.has(`${dir}/serverless.yml`) || fileSet.has(`${dir}/serverless.yaml`)),
    });
  }
  const names = new Set(workspaces.map((workspace) => workspace.name));
  for (const workspace of workspaces) {
    workspace.workspaceDependencies = workspace.workspaceDependencies.filter((name) => names.has(name));
  }
  return workspaces;
}
