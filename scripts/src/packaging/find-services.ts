import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface ServiceDirectory {
  /** Folder name under services/, e.g. `orders`. */
  name: string;
  /** Absolute path of the service folder. */
  dir: string;
}

/** Repository root: scripts/ lives directly under it. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every folder under `<root>/services` that holds a serverless.yml, sorted by name. */
export function findServices(root: string = REPOSITORY_ROOT): ServiceDirectory[] {
  const servicesDir = path.join(root, 'services');
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, dir: path.join(servicesDir, entry.name) }))
    .filter((service) =>
      ['serverless.yml', 'serverless.yaml'].some((file) => existsSync(path.join(service.dir, file))),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}
