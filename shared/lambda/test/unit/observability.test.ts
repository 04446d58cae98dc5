import { logger, metrics, MetricUnit, tracer, withObservability } from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { lambdaContext } from '../../src/testing';

let output: Captured;
beforeEach(() => {
  output = captureConsole();
});
afterEach(() => output.restore());

type Emf = { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } } & Record<
  string,
  unknown
>;
const metricNames = (lines: Record<string, unknown>[]): string[] =>
  (lines as Emf[]).flatMap((line) =>
    line._aws.CloudWatchMetrics.flatMap((group) => group.Metrics.map((metric) => metric.Name)),
  );

describe('withObservability', () => {
  const handler = withObservability(async (event: { n: number }) => {
    logger.info('handling', { n: event.n });
    metrics.addMetric('Handled', MetricUnit.Count, 1);
    return event.n * 2;
  });

  it('captures a ColdStart metric on the first invocation only and flushes metrics each time', async () => {
    expect(await handler({ n: 1 }, lambdaContext())).toBe(2);
    const first = output.metrics();
    expect(metricNames(first)).toEqual(expect.arrayContaining(['ColdStart', 'Handled']));
    expect((first as Emf[]).every((line) => line._aws.CloudWatchMetrics[0]?.Namespace === 'Stratus')).toBe(
      true,
    );

    output.lines.length = 0;
    await handler({ n: 2 }, lambdaContext());
    expect(metricNames(output.metrics())).toEqual(['Handled']);
  });

  it('injects the Lambda context into log lines as JSON', async () => {
    await handler({ n: 3 }, lambdaContext({ awsRequestId: 'req-ctx' }));
    expect(output.logs().find((line) => line.message === 'handling')).toMatchObject({
      level: 'INFO',
      service: 'kit-test',
      n: 3,
      function_request_id: 'req-ctx',
      cold_start: false,
    });
  });

  it('does not log the event unless asked to', async () => {
    await handler({ n: 4 }, lambdaContext());
    expect(output.logs().some((line) => line.message === 'Lambda invocation event')).toBe(false);
    const verbose = withObservability(async (_event: { secret: string }) => 'ok', { logEvent: true });
    await verbose({ secret: 'visible' }, lambdaContext());
    expect(output.logs().find((line) => line.message === 'Lambda invocation event')).toMatchObject({
      event: { secret: 'visible' },
    });
  });

  it('still flushes metrics when the handler fails', async () => {
    const failing = withObservability(async () => {
      metrics.addMetric('Attempted', MetricUnit.Count, 1);
      throw new Error('downstream down');
    });
    await expect(failing({}, lambdaContext())).rejects.toThrow('downstream down');
    expect(metricNames(output.metrics())).toContain('Attempted');
  });

  it('stays silent about metrics when an invocation recorded none, without leaking its dimensions', async () => {
    const quiet = withObservability(async (event: { record: boolean }) => {
      if (event.record) metrics.addMetric('Recorded', MetricUnit.Count, 1);
      else metrics.addDimension('tenant', 'leaky');
    });
    await quiet({ record: false }, lambdaContext());
    expect(output.lines.filter((line) => JSON.stringify(line).includes('No application metrics'))).toEqual(
      [],
    );
    await quiet({ record: true }, lambdaContext());
    const emf = output.metrics().find((line) => 'Recorded' in line);
    expect(emf).toBeDefined();
    expect(emf).not.toHaveProperty('tenant');
  });

  it('keeps tracing disabled outside Lambda', () => {
    expect(tracer.isTracingEnabled()).toBe(false);
  });
});
