import type { AnyEventContract } from '../define-event';
import type { FoundEventPattern } from './find-event-patterns';

export interface RuleProblem {
  file: string;
  rule: string;
  field: 'source' | 'detail-type' | 'pattern';
  /** The offending value as written, JSON-encoded when it is not a string. */
  value: string;
  message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** A pattern with `$or` at its top stands for one pattern per branch, each merged with the rest. */
function expandOr(pattern: Record<string, unknown>): Record<string, unknown>[] {
  const { $or: branches, ...rest } = pattern;
  if (!Array.isArray(branches)) return [pattern];
  return branches.flatMap((branch) => (isRecord(branch) ? expandOr({ ...rest, ...branch }) : [rest]));
}

/**
 * Checks that every rule listens only for events that exist: each `stratus.*` source must be a
 * catalog source and each detail-type must be defined by the catalog for one of the rule's
 * sources. AWS sources (`aws.*`) are allowed with any detail-type, since AWS defines those.
 * Values must be exact strings: a prefix or wildcard matcher could not be checked.
 */
export function checkRulePatterns(
  patterns: readonly FoundEventPattern[],
  contracts: readonly AnyEventContract[],
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const catalogSources = new Set<string>(contracts.map((contract) => contract.source));

  for (const { file, rule, pattern } of patterns) {
    const problem = (field: RuleProblem['field'], value: unknown, message: string) =>
      problems.push({ file, rule, field, value: show(value), message });

    if (!isRecord(pattern)) {
      problem('pattern', pattern, 'event pattern must be an object (or a JSON object string)');
      continue;
    }
    for (const branch of expandOr(pattern)) {
      const sources =
        branch.source === undefined ? [] : Array.isArray(branch.source) ? branch.source : [branch.source];
      const detailTypes =
        branch['detail-type'] === undefined
          ? []
          : Array.isArray(branch['detail-type'])
            ? branch['detail-type']
            : [branch['detail-type']];

      if (sources.length === 0) {
        problem('source', null, 'pattern names no source: it would receive every event on the bus');
        continue;
      }
      const stratusSources: string[] = [];
      let listensToAws = false;
      for (const source of sources) {
        if (typeof source !== 'string') {
          problem('source', source, 'source must be an exact string so the catalog check can verify it');
        } else if (source.startsWith('aws.')) {
          listensToAws = true;
        } else if (source.includes('${')) {
          problem('source', source, 'source uses an unresolved Serverless variable: write the literal value');
        } else if (!catalogSources.has(source)) {
          problem('source', source, `no catalog contract has source "${source}"`);
        } else {
          stratusSources.push(source);
        }
      }
      for (const detailType of detailTypes) {
        if (typeof detailType !== 'string') {
          problem(
            'detail-type',
            detailType,
            'detail-type must be an exact string so the catalog check can verify it',
          );
          continue;
        }
        const defined = contracts.some(
          (contract) =>
            contract.detailType === detailType && stratusSources.some((source) => source === contract.source),
        );
        if (defined || listensToAws) continue;
        const elsewhere = contracts
          .filter((contract) => contract.detailType === detailType)
          .map((c) => c.source);
        problem(
          'detail-type',
          detailType,
          elsewhere.length > 0
            ? `"${detailType}" is defined for ${elsewhere.join(', ')}, not for ${sources.map(show).join(', ')}`
            : `no catalog contract defines detail-type "${detailType}"`,
        );
      }
    }
  }
  return problems;
}
