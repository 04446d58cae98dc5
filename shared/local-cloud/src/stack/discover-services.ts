import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export interface DiscoveredService {
  /** Directory name (services/<label>); ports and CLI arguments use it. */
  label: string;
  dir: string;
  configFile: string;
  /**
   * Whether serverless.yml declares functions. A stack without functions (the event bus) needs no
   * serverless-offline process: its configuration is read with `serverless print` instead.
   */
  hasFunctions: boolean;
}

const CONFIG_NAMES = ['serverless.yml', 'serverless.yaml'];

/** The repository root: the nearest directory upwards whose package.json declares workspaces. */
export function findRepoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (parsed.workspaces !== undefined) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`no package.json with workspaces above ${from}; run from inside the Stratus checkout`);
    dir = parent;
  }
}

/** `services/*` with a serverless.yml; `only` narrows to those directory names (unknown names are an error). */
export function discoverServices(rootDir: string, only?: readonly string[]): DiscoveredService[] {
  const servicesDir = path.join(rootDir, 'services');
  const labels = existsSync(servicesDir)
    ? readdirSync(servicesDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const found = labels
    .map((label) => describeService(path.join(servicesDir, label)))
    .filter((service) => service !== undefined);
  if (only === undefined) return found;
  const unknown = only.filter((name) => !found.some((service) => service.label === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown service${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; services with a serverless.yml: ${found.map((service) => service.label).join(', ') || 'none'}`,
    );
  }
  return found.filter((service) => only.includes(service.label));
}

/** A service directory given explicitly (tests, fixtures). */
export function describeService(dir: string): DiscoveredService | undefined {
  const configFile = CONFIG_NAMES.map((name) => path.join(dir, name)).find((candidate) =>
    existsSync(candidate),
  );
  if (configFile === undefined) return undefined;
  return {
    label: path.basename(dir),
    dir: path.resolve(dir),
    configFile,
    hasFunctions: declaresFunctions(configFile),
  };
}

function declaresFunctions(configFile: string): boolean {
  // CloudFormation short tags (!Ref ...) are unknown to the parser; only the top-level keys matter here.
  const document = YAML.parseDocument(readFileSync(configFile, 'utf8'), {
    strict: false,
    logLevel: 'silent',
  });
  const functions: unknown = document.toJS({ maxAliasCount: -1 })?.functions;
  if (functions === undefined || functions === null) return false;
  // `functions: ${file(...)}` and friends: osls resolves them; assume there are functions.
  if (typeof functions === 'string') return true;
  return typeof functions === 'object' && Object.keys(functions).length > 0;
}
