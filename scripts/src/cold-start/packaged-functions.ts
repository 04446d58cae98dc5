import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One function of a packaged service, as `serverless package` left it. */
export interface PackagedFunction {
  service: string;
  /** Function key in serverless.yml. */
  name: string;
  /** e.g. `src/handlers/place-order.handler`. */
  handler: string;
  /** Absolute path of the function's zip. */
  zipPath: string;
  /** String environment variables of the function (CloudFormation expressions left out). */
  environment: Record<string, string>;
}

interface ServerlessState {
  service: {
    service: string;
    functions?: Record<string, { handler?: string; name?: string; package?: { artifact?: string } }>;
  };
}

interface Template {
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: { FunctionName?: unknown; Environment?: { Variables?: Record<string, unknown> } };
    }
  >;
}

/**
 * Functions of a service packaged into `packageDir` (its `.serverless` folder, or the folder
 * given to `serverless package --package`), read from serverless-state.json and the template.
 */
export function readPackagedFunctions(serviceDir: string, packageDir: string): PackagedFunction[] {
  const statePath = path.join(packageDir, 'serverless-state.json');
  if (!existsSync(statePath)) throw new Error(`${statePath} is missing: package the service first`);
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as ServerlessState;
  const template = JSON.parse(
    readFileSync(path.join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
  const functionResources = Object.values(template.Resources).filter(
    (resource) => resource.Type === 'AWS::Lambda::Function',
  );

  return Object.entries(state.service.functions ?? {}).map(([name, definition]) => {
    if (!definition.handler)
      throw new Error(
        `Function ${name} of ${state.service.service} has no handler (images are not benchmarked)`,
      );
    const artifact = definition.package?.artifact;
    if (!artifact)
      throw new Error(
        `Function ${name} of ${state.service.service} has no zip: is package.individually set?`,
      );
    const candidates = [path.resolve(serviceDir, artifact), path.join(packageDir, path.basename(artifact))];
    const zipPath = candidates.find((candidate) => existsSync(candidate));
    if (!zipPath) throw new Error(`Zip of function ${name} not found at ${candidates.join(' or ')}`);

    const resource = functionResources.find(
      (candidate) => candidate.Properties?.FunctionName === definition.name,
    );
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(resource?.Properties?.Environment?.Variables ?? {})) {
      if (typeof value === 'string') environment[key] = value;
    }
    return { service: state.service.service, name, handler: definition.handler, zipPath, environment };
  });
}
