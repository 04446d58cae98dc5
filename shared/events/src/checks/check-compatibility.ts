import { isDeepStrictEqual } from 'node:util';
import type { AnyEventContract } from '../define-event';
import { detailJsonSchema, type JsonSchema } from '../json-schema';
import { findBreakingChanges, type BreakingChangeKind } from './find-breaking-changes';

/** `source/detailType/vN` -> JSON Schema of the detail, as committed in contracts.snapshot.json. */
export type ContractSnapshot = Record<string, JsonSchema>;

export interface CompatibilityProblem {
  contract: string;
  path: string;
  kind: BreakingChangeKind | 'removed-contract';
  message: string;
}

export interface CompatibilityReport {
  /** Changes that break consumers without a version bump: the check fails on these. */
  breaking: CompatibilityProblem[];
  /** Compatible differences from the snapshot (new contracts, new versions, widened schemas). */
  compatible: string[];
}

/** The snapshot of the given contracts, keys sorted so the file diffs cleanly. */
export function buildSnapshot(contracts: readonly AnyEventContract[]): ContractSnapshot {
  const entries = contracts.map((contract) => [contract.key, detailJsonSchema(contract)] as const);
  return Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
}

const parseKey = (key: string) => {
  const match = /^(.+)\/([^/]+)\/v(\d+)$/.exec(key);
  return match === null ? undefined : { route: `${match[1]}/${match[2]}`, version: Number(match[3]) };
};

/**
 * Compares the current contracts with the committed snapshot. A contract whose schema now
 * refuses documents its snapshot accepted is breaking: it needs a new version (a new key), not an
 * edit. A snapshot entry that disappeared is breaking unless a higher version of the same event
 * replaces it.
 */
export function checkCompatibility(
  snapshot: ContractSnapshot,
  current: ContractSnapshot,
): CompatibilityReport {
  const breaking: CompatibilityProblem[] = [];
  const compatible: string[] = [];
  for (const [key, schema] of Object.entries(current)) {
    const recorded = snapshot[key];
    if (recorded === undefined) {
      compatible.push(`${key}: new contract`);
      continue;
    }
    const changes = findBreakingChanges(recorded, schema);
    breaking.push(...changes.map((change) => ({ contract: key, ...change })));
    if (changes.length === 0 && !isDeepStrictEqual(recorded, schema))
      compatible.push(`${key}: compatible change`);
  }
  for (const key of Object.keys(snapshot)) {
    if (key in current) continue;
    const removed = parseKey(key);
    const successor = Object.keys(current)
      .map(parseKey)
      .find(
        (candidate) =>
          candidate !== undefined &&
          removed !== undefined &&
          candidate.route === removed.route &&
          candidate.version > removed.version,
      );
    if (successor !== undefined) {
      compatible.push(`${key}: superseded by v${successor.version}`);
    } else {
      breaking.push({
        contract: key,
        path: '(root)',
        kind: 'removed-contract',
        message: 'the contract was removed (or its version lowered) while consumers may still receive it',
      });
    }
  }
  return { breaking, compatible };
}
