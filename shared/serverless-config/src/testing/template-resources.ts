import type { CloudFormationTemplate } from '../package-service';

/** The `Properties` of a resource, as the template has them. */
export type ResourceProperties = Record<string, unknown>;

/** The properties of the resource with this logical id; throws naming the id when there is none. */
export function resourceProperties(template: CloudFormationTemplate, logicalId: string): ResourceProperties {
  const found = template.Resources[logicalId];
  if (found === undefined) throw new Error(`the template has no resource ${logicalId}`);
  return found.Properties ?? {};
}

function entriesOfType(template: CloudFormationTemplate, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The properties of every resource of this type, in template order. */
export function resourcesOfType(template: CloudFormationTemplate, type: string): ResourceProperties[] {
  return entriesOfType(template, type).map(([, resource]) => resource.Properties ?? {});
}

/** The logical ids of the resources of this type, in template order. */
export function logicalIdsOfType(template: CloudFormationTemplate, type: string): string[] {
  return entriesOfType(template, type).map(([logicalId]) => logicalId);
}

/** The properties of the one resource of this type; throws when there are none or several. */
export function onlyResourceOfType(template: CloudFormationTemplate, type: string): ResourceProperties {
  const found = entriesOfType(template, type);
  const [only] = found;
  if (only === undefined || found.length > 1) {
    const ids = found.map(([logicalId]) => logicalId).join(', ');
    throw new Error(`expected one ${type}, the template has ${found.length}${ids ? `: ${ids}` : ''}`);
  }
  return only[1].Properties ?? {};
}
