import { TARGETS, type FunctionMeasurement } from './measure-function';

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
const ms = (value: number): string => value.toFixed(1);

/** A fixed-width text table of the measurements, one row per function and variant. */
export function formatTable(rows: readonly FunctionMeasurement[]): string {
  const header = [
    'variant',
    'service',
    'function',
    'fmt',
    'zip KB',
    'bundle KB',
    'load ms',
    'load cpu ms',
    'init ms',
    'empty init ms',
    'init ratio',
    `zip<=${TARGETS.maxZipBytes / 1024}KB`,
    `init<=${TARGETS.maxInitRatio}x`,
  ];
  const body = rows.map((row) => [
    row.variant,
    row.service,
    row.function,
    row.format,
    kb(row.zipBytes),
    kb(row.bundleBytes),
    ms(row.loadMs),
    ms(row.loadCpuMs),
    ms(row.initMs),
    ms(row.emptyInitMs),
    `${row.initRatio.toFixed(2)}x`,
    row.zipPass ? 'PASS' : 'FAIL',
    row.initPass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}
