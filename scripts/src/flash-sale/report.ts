import type { InvariantReport } from './invariants';
import type { LatencySummary } from './statistics';

/** The benchmark's targets (issue 4): at least half the no-op rate, and every invariant at zero. */
export const MIN_RATIO_TO_NOOP = 0.5;

export interface LoadFigures {
  label: string;
  requests: number;
  /** Final answers counted as success (202 for orders, 200 for the no-op). */
  succeeded: number;
  /** Other final answers by status ("no answer" when there was none), after the client's retries. */
  otherAnswers: Record<string, number>;
  elapsedMs: number;
  /** Successful requests per second over the load's wall time. */
  rate: number;
  /** Of every HTTP request sent, retries included. */
  latency: LatencySummary;
  /** TCP connections the client opened (keep-alive reuses them). */
  connections: number;
  /** Requests sent again after a 5xx or no answer (same Idempotency-Key). */
  retried: number;
}

export interface TargetCheck {
  name: string;
  value: number;
  target: string;
  pass: boolean;
}

export function evaluateTargets(
  orders: LoadFigures,
  noop: LoadFigures,
  invariants: InvariantReport,
): TargetCheck[] {
  const ratio = noop.rate > 0 ? orders.rate / noop.rate : 0;
  return [
    {
      name: 'accepted orders/s vs no-op',
      value: ratio,
      target: `>= ${MIN_RATIO_TO_NOOP}`,
      pass: ratio >= MIN_RATIO_TO_NOOP,
    },
    { name: 'oversold', value: invariants.oversold, target: '0', pass: invariants.oversold === 0 },
    { name: 'lost', value: invariants.lost, target: '0', pass: invariants.lost === 0 },
    { name: 'duplicated', value: invariants.duplicated, target: '0', pass: invariants.duplicated === 0 },
    {
      name: 'books (inventory vs orders)',
      value: invariants.booksMismatch,
      target: '0',
      pass: invariants.booksMismatch === 0,
    },
  ];
}

export interface ReportInput {
  header: string[];
  noop: LoadFigures;
  orders: LoadFigures;
  /** From the first POST /orders until every accepted order was terminal; undefined if it never happened. */
  terminalAfterMs: number | undefined;
  /** From the last POST /orders answer until every accepted order was terminal. */
  terminalAfterLastAnswerMs: number | undefined;
  terminalWaitLimitMs: number;
  invariants: InvariantReport;
  checks: TargetCheck[];
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || 'none';

function loadRow(figures: LoadFigures): string {
  const cells = [
    figures.label.padEnd(22),
    String(figures.requests).padStart(8),
    String(figures.succeeded).padStart(8),
    fixed(figures.rate).padStart(9),
    fixed(figures.latency.p50).padStart(8),
    fixed(figures.latency.p95).padStart(8),
    fixed(figures.latency.p99).padStart(8),
    fixed(figures.latency.max).padStart(8),
    String(figures.connections).padStart(6),
  ];
  return `  ${cells.join(' ')}`;
}

/** The printed report: the two loads side by side, the saga's completion time, the invariants, PASS/FAIL per target. */
export function formatReport(input: ReportInput): string {
  const lines = [...input.header, ''];
  lines.push(
    `  ${'load'.padEnd(22)} ${'requests'.padStart(8)} ${'ok'.padStart(8)} ${'ok/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'conns'.padStart(6)}`,
  );
  lines.push(loadRow(input.noop), loadRow(input.orders), '');
  lines.push(
    `  no-op answers other than 200: ${counts(input.noop.otherAnswers)}; POST /orders answers other than 202: ${counts(input.orders.otherAnswers)}`,
  );
  if (input.orders.retried > 0 || input.noop.retried > 0) {
    lines.push(
      `  client retries after a 5xx or no answer (same Idempotency-Key): POST /orders ${input.orders.retried}, no-op ${input.noop.retried}`,
    );
  }
  lines.push(
    `  accepted orders/s: ${fixed(input.orders.rate)}  (no-op: ${fixed(input.noop.rate)} requests/s)`,
  );
  lines.push(
    `  POST /orders latency: p50 ${fixed(input.orders.latency.p50)} ms, p95 ${fixed(input.orders.latency.p95)} ms, p99 ${fixed(input.orders.latency.p99)} ms`,
  );
  lines.push(
    input.terminalAfterMs === undefined
      ? `  every order terminal: NOT within ${fixed(input.terminalWaitLimitMs / 1000)} s`
      : `  every order terminal after: ${fixed(input.terminalAfterMs / 1000)} s from the first POST /orders (${fixed((input.terminalAfterLastAnswerMs ?? 0) / 1000)} s after the last answer)`,
  );
  lines.push(`  final statuses: ${counts(input.invariants.statusCounts)}`);
  if (input.invariants.unacknowledged > 0) {
    lines.push(
      `  orders whose request never got a definitive answer (counted in the books, not as duplicates): ${input.invariants.unacknowledged}`,
    );
  }
  lines.push(`  cancellation reasons: ${counts(input.invariants.cancellationReasons)}`);
  lines.push(`  confirmed units per SKU: ${counts(input.invariants.confirmedUnits)}`);
  lines.push('', '  target                          value      target   result');
  for (const check of input.checks) {
    const value = Number.isInteger(check.value) ? String(check.value) : check.value.toFixed(2);
    lines.push(
      `  ${check.name.padEnd(30)} ${value.padStart(7)}   ${check.target.padEnd(8)} ${check.pass ? 'PASS' : 'FAIL'}`,
    );
  }
  if (input.invariants.examples.length > 0) {
    lines.push(
      '',
      '  violations (first few):',
      ...input.invariants.examples.map((example) => `    - ${example}`),
    );
  }
  lines.push('', `  RESULT: ${input.checks.every((check) => check.pass) ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}
