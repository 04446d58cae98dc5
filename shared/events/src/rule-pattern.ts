import type { AnyEventContract } from './define-event';

export interface RulePattern {
  source: string[];
  'detail-type': string[];
}

/**
 * An EventBridge event pattern matching exactly the given contracts, for `serverless.yml`
 * (`eventBridge.pattern`) or a rule resource. Detail-types are unique across the catalog, so the
 * cross product of sources and detail-types selects nothing else.
 */
export function rulePattern(...contracts: readonly AnyEventContract[]): RulePattern {
  if (contracts.length === 0) throw new Error('rulePattern needs at least one contract');
  const unique = (values: string[]) => [...new Set(values)];
  return {
    source: unique(contracts.map((contract) => contract.source)),
    'detail-type': unique(contracts.map((contract) => contract.detailType)),
  };
}
