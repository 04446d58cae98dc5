export {
  logicalIdsOfType,
  onlyResourceOfType,
  resourceProperties,
  resourcesOfType,
} from './template-resources';
export type { ResourceProperties } from './template-resources';
export { roleActions, roleStatements } from './role-permissions';
export type { PolicyStatement } from './role-permissions';
