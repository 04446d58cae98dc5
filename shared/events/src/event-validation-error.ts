import type { z } from 'zod';

export interface ValidationIssue {
  /** Where in the EventBridge event, e.g. `['detail', 'data', 'items', 0, 'sku']`. */
  path: (string | number)[];
  message: string;
  code: string;
}

/**
 * An event (or the data given to the publisher) does not match its contract. Consumer wrappers
 * route this error to the dead-letter queue instead of retrying it: retrying cannot fix it.
 */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  readonly source: string;
  readonly detailType: string;
  readonly issues: readonly ValidationIssue[];

  constructor(source: string, detailType: string, issues: readonly ValidationIssue[]) {
    super(
      `Invalid ${source} ${detailType} event: ` +
        issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '),
    );
    this.source = source;
    this.detailType = detailType;
    this.issues = issues;
  }
}

export const formatPath = (path: readonly (string | number)[]): string =>
  path.length === 0
    ? '(root)'
    : path
        .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
        .join('');

export const issuesFromZod = (error: z.ZodError, prefix: readonly (string | number)[]): ValidationIssue[] =>
  error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    message: issue.message,
    code: issue.code,
  }));
