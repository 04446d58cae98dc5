import type { CloudFormationTemplate } from '../package-service';
import { resourceProperties } from './template-resources';

/** One statement of an inline policy of a role, `Action` always as a list. */
export interface PolicyStatement {
  Effect?: string;
  Action: string[];
  Resource: unknown;
  Condition?: unknown;
}

interface RawStatement extends Omit<PolicyStatement, 'Action'> {
  Action: string | string[];
}

/** Every statement of every inline policy of the `AWS::IAM::Role` with this logical id. */
export function roleStatements(template: CloudFormationTemplate, roleLogicalId: string): PolicyStatement[] {
  const policies = (resourceProperties(template, roleLogicalId).Policies ?? []) as {
    PolicyDocument: { Statement: RawStatement[] };
  }[];
  return policies.flatMap((policy) =>
    policy.PolicyDocument.Statement.map((statement) => ({
      ...statement,
      Action: typeof statement.Action === 'string' ? [statement.Action] : statement.Action,
    })),
  );
}

/**
 * The actions a role allows, each once, sorted, without the logs and X-Ray actions every function
 * role gets: what a function was given beyond the basics.
 */
export function roleActions(template: CloudFormationTemplate, roleLogicalId: string): string[] {
  const actions = roleStatements(template, roleLogicalId).flatMap((statement) => statement.Action);
  return [...new Set(actions)]
    .filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'))
    .sort();
}
