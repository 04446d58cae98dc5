import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/local-client-config';

export interface StatesAccount {
  region?: string;
  accountId?: string;
}

export function stateMachineArn(name: string, account: StatesAccount = {}): string {
  return `arn:aws:states:${account.region ?? LOCAL_REGION}:${account.accountId ?? LOCAL_ACCOUNT_ID}:stateMachine:${name}`;
}

export function executionArn(
  stateMachineName: string,
  executionName: string,
  account: StatesAccount = {},
): string {
  return `arn:aws:states:${account.region ?? LOCAL_REGION}:${account.accountId ?? LOCAL_ACCOUNT_ID}:execution:${stateMachineName}:${executionName}`;
}

/** Names of state machines and executions: 1-80 characters, no whitespace, brackets, wildcards or control characters. */
export function isValidStatesName(name: string): boolean {
  if (name.length < 1 || name.length > 80) return false;
  if (/[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) return false;
  return [...name].every((character) => {
    const code = character.charCodeAt(0);
    return code > 0x1f && (code < 0x7f || code > 0x9f);
  });
}
