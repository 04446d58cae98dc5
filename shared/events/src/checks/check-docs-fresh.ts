export interface StaleDocsProblem {
  file: string;
  message: string;
}

/** The committed catalog document must be exactly what the generator writes today. */
export function checkDocsFresh(
  file: string,
  committed: string | undefined,
  expected: string,
): StaleDocsProblem[] {
  if (committed === undefined) {
    return [{ file, message: `${file} is missing: run \`npm run docs:events\` and commit it` }];
  }
  if (committed === expected) return [];
  const committedLines = committed.split('\n');
  const expectedLines = expected.split('\n');
  const firstDifference = expectedLines.findIndex((line, index) => committedLines[index] !== line);
  const line = firstDifference === -1 ? expectedLines.length + 1 : firstDifference + 1;
  return [
    {
      file,
      message:
        `${file} is stale (first difference at line ${line}): the contracts changed since it was generated; ` +
        'run `npm run docs:events` and commit it',
    },
  ];
}
