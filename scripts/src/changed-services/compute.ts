import type { FileChange } from './git';
import type { Workspace } from './workspaces';

/** The service that holds the shared bus; it deploys before every other service. */
export const EVENT_BUS_SERVICE = 'event-bus';

/** Root files whose change can alter every service's build or bundle. */
export const GLOBAL_FILES: readonly string[] = ['package.json', 'package-lock.json', 'tsconfig.base.json'];

export interface ChangedServices {
  /** Deploy the bus stack first. */
  eventBus: boolean;
  /** Other services to deploy (folder names under services/), sorted. */
  services: string[];
  /** Services that existed at base and no longer exist at head: nothing to deploy, remove by hand. */
  removed: string[];
}

export interface ChangeInput {
  changes: FileChange[];
  /** Workspaces at the head commit. */
  head: Workspace[];
  /** Workspaces at the base commit (to name what a change under a deleted folder belonged to). */
  base: Workspace[];
}

/** Changes that cannot alter what is deployed: Markdown anywhere and anything under docs/. */
export function isDocumentation(path: string): boolean {
  return path.toLowerCase().endsWith('.md') || path.startsWith('docs/');
}

const serviceName = (workspace: Workspace): string => workspace.dir.slice('services/'.length);

function workspaceFolderOf(path: string): string | undefined {
  const [parent, child, ...rest] = path.split('/');
  if ((parent === 'services' || parent === 'shared') && child && rest.length > 0) return `${parent}/${child}`;
  return undefined;
}

/** Workspace names that depend on any of `names`, directly or transitively, `names` included. */
function withDependents(names: Set<string>, workspaces: Workspace[]): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const workspace of workspaces) {
    for (const dependency of workspace.workspaceDependencies) {
      dependents.set(dependency, [...(dependents.get(dependency) ?? []), workspace.name]);
    }
  }
  const reached = new Set(names);
  const queue = [...names];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const dependent of dependents.get(next) ?? []) {
      if (!reached.has(dependent)) {
        reached.add(dependent);
        queue.push(dependent);
      }
    }
  }
  return reached;
}

/** Which services a set of file changes requires deploying. */
export function computeChangedServices({ changes, head, base }: ChangeInput): ChangedServices {
  const headServices = head.filter((workspace) => workspace.isService);
  const headServiceNames = new Set(headServices.map(serviceName));
  const removed = base
    .filter((workspace) => workspace.isService && !headServiceNames.has(serviceName(workspace)))
    .map(serviceName)
    .sort();

  const relevant = changes.filter((change) => !isDocumentation(change.path));
  const everything = relevant.some((change) => GLOBAL_FILES.includes(change.path));

  const changedPackages = new Set<string>();
  for (const change of relevant) {
    const folder = workspaceFolderOf(change.path);
    if (!folder) continue;
    const owner =
      head.find((workspace) => workspace.dir === folder) ??
      base.find((workspace) => workspace.dir === folder);
    if (owner) changedPackages.add(owner.name);
  }

  const affected = withDependents(changedPackages, head);
  const deploy = everything ? headServices : headServices.filter((workspace) => affected.has(workspace.name));
  const names = deploy.map(serviceName).sort();
  return {
    eventBus: names.includes(EVENT_BUS_SERVICE),
    services: names.filter((name) => name !== EVENT_BUS_SERVICE),
    removed,
  };
}
