/** EMF documents Powertools Metrics printed (POWERTOOLS_DEV sends them through console.log). */
export interface EmfDocument {
  _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [field: string]: unknown;
}

export function captureEmf(): { documents: EmfDocument[]; restore(): void } {
  const documents: EmfDocument[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    if (typeof line !== 'string' || !line.includes('"CloudWatchMetrics"')) return;
    documents.push(JSON.parse(line) as EmfDocument);
  });
  return { documents, restore: () => spy.mockRestore() };
}

/** `[name, value, dimensions]` of every metric in the captured documents, ColdStart left out. */
export function metricsOf(documents: EmfDocument[]): [string, unknown, Record<string, unknown>][] {
  return documents.flatMap((document) =>
    document._aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.filter((metric) => metric.Name !== 'ColdStart').map(
        (metric): [string, unknown, Record<string, unknown>] => [
          metric.Name,
          document[metric.Name],
          Object.fromEntries(directive.Dimensions.flat().map((name) => [name, document[name]])),
        ],
      ),
    ),
  );
}
