import type { AnyEventContract, EventDetail } from './define-event';
import { EventValidationError, issuesFromZod, type ValidationIssue } from './event-validation-error';

/** The parts of an EventBridge event the parser reads; Lambda's `EventBridgeEvent` fits. */
export interface EventBridgeEventLike {
  source: string;
  'detail-type': string;
  detail: unknown;
}

/** A parsed event from `parseEventFrom`: narrow on `detailType` to get the data's type. */
export type ParsedEvent<C extends AnyEventContract> = C extends AnyEventContract
  ? EventDetail<C> & { source: C['source']; detailType: C['detailType']; contract: C }
  : never;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Accepts the event object, or its JSON text (an SQS message body carrying an EventBridge event). */
function toRecord(event: unknown, expected: { source: string; detailType: string }): Record<string, unknown> {
  let value = event;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new EventValidationError(expected.source, expected.detailType, [
        { path: [], message: 'event is not valid JSON', code: 'invalid_json' },
      ]);
    }
  }
  if (!isRecord(value)) {
    throw new EventValidationError(expected.source, expected.detailType, [
      { path: [], message: 'event must be an object', code: 'invalid_type' },
    ]);
  }
  return value;
}

/**
 * Validates an EventBridge event against one contract and returns its `{ metadata, data }`.
 * Throws `EventValidationError` when the source, detail-type, metadata (including the contract
 * version) or data do not match.
 */
export function parseEvent<C extends AnyEventContract>(contract: C, event: unknown): EventDetail<C> {
  const record = toRecord(event, contract);
  const issues: ValidationIssue[] = [];
  if (record.source !== contract.source) {
    issues.push({
      path: ['source'],
      message: `expected "${contract.source}", got ${JSON.stringify(record.source)}`,
      code: 'wrong_source',
    });
  }
  if (record['detail-type'] !== contract.detailType) {
    issues.push({
      path: ['detail-type'],
      message: `expected "${contract.detailType}", got ${JSON.stringify(record['detail-type'])}`,
      code: 'wrong_detail_type',
    });
  }
  if (issues.length > 0) throw new EventValidationError(contract.source, contract.detailType, issues);

  const result = contract.detail.safeParse(record.detail);
  if (!result.success) {
    throw new EventValidationError(
      contract.source,
      contract.detailType,
      issuesFromZod(result.error, ['detail']),
    );
  }
  return result.data as EventDetail<C>;
}

/**
 * Routes an event to the contract with its source and detail-type (and, when several versions
 * are listed, its `detail.metadata.version`), then parses it like `parseEvent`.
 */
export function parseEventFrom<const T extends readonly AnyEventContract[]>(
  contracts: T,
  event: unknown,
): ParsedEvent<T[number]> {
  const unknownRoute = { source: '(unknown)', detailType: '(unknown)' };
  const record = toRecord(event, unknownRoute);
  const source = typeof record.source === 'string' ? record.source : '(missing)';
  const detailType = typeof record['detail-type'] === 'string' ? record['detail-type'] : '(missing)';
  const candidates = contracts.filter(
    (contract) => contract.source === source && contract.detailType === detailType,
  );
  if (candidates.length === 0) {
    const accepted = contracts.map((contract) => `${contract.source} ${contract.detailType}`).join(', ');
    throw new EventValidationError(source, detailType, [
      {
        path: ['detail-type'],
        message: `no contract for this source and detail-type (accepted: ${accepted})`,
        code: 'unknown_event',
      },
    ]);
  }
  const detail: unknown = record.detail;
  const version = isRecord(detail) && isRecord(detail.metadata) ? detail.metadata.version : undefined;
  const contract = candidates.find((candidate) => candidate.version === version) ?? candidates[0]!;
  const parsed = parseEvent(contract, record);
  return { ...parsed, source: contract.source, detailType: contract.detailType, contract } as ParsedEvent<
    T[number]
  >;
}
