export { packageService, PackageServiceError } from './package-service';
export type { CloudFormationTemplate, PackagedService, PackageServiceOptions } from './package-service';
