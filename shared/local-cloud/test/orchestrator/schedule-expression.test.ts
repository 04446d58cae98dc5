import fc from 'fast-check';
import {
  ScheduleExpressionError,
  nextFireTime,
  parseScheduleExpression,
} from '../../src/schedules/schedule-expression';

const next = (expression: string, after: string) =>
  nextFireTime(parseScheduleExpression(expression), new Date(after))?.toISOString();

describe('cron(...) as EventBridge evaluates it (UTC)', () => {
  it.each([
    // Examples from the EventBridge documentation.
    ['cron(0 10 * * ? *)', '2025-11-05T10:00:00Z', '2025-11-06T10:00:00.000Z'],
    ['cron(15 12 * * ? *)', '2025-11-05T09:00:00Z', '2025-11-05T12:15:00.000Z'],
    ['cron(0 18 ? * MON-FRI *)', '2025-11-07T18:00:00Z', '2025-11-10T18:00:00.000Z'],
    ['cron(0 8 1 * ? *)', '2025-11-05T00:00:00Z', '2025-12-01T08:00:00.000Z'],
    ['cron(0/15 * * * ? *)', '2025-11-05T00:07:00Z', '2025-11-05T00:15:00.000Z'],
    ['cron(0/10 * ? * MON-FRI *)', '2025-11-08T00:00:00Z', '2025-11-10T00:00:00.000Z'],
    ['cron(0/5 8-17 ? * MON-FRI *)', '2025-11-05T17:56:00Z', '2025-11-06T08:00:00.000Z'],
    ['cron(0 9 ? * 2#1 *)', '2025-11-05T00:00:00Z', '2025-12-01T09:00:00.000Z'],
    // Day-of-week numbers run 1-7 from Sunday.
    ['cron(0 0 ? * 1 *)', '2025-11-05T00:00:00Z', '2025-11-09T00:00:00.000Z'],
    ['cron(0 0 ? * 7 *)', '2025-11-05T00:00:00Z', '2025-11-08T00:00:00.000Z'],
    ['cron(0 0 ? * SAT-SUN *)', '2025-11-10T00:00:00Z', '2025-11-15T00:00:00.000Z'],
    ['cron(0 0 ? * FRI-MON *)', '2025-11-11T00:00:00Z', '2025-11-14T00:00:00.000Z'],
    // L and W.
    ['cron(0 0 L * ? *)', '2024-02-10T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['cron(0 0 L * ? *)', '2025-02-10T00:00:00Z', '2025-02-28T00:00:00.000Z'],
    ['cron(0 0 L-2 * ? *)', '2025-04-01T00:00:00Z', '2025-04-28T00:00:00.000Z'],
    ['cron(0 0 15W * ? *)', '2025-11-01T00:00:00Z', '2025-11-14T00:00:00.000Z'], // 15 Nov 2025 is a Saturday
    ['cron(0 0 1W * ? *)', '2025-10-31T00:00:00Z', '2025-11-03T00:00:00.000Z'], // 1 Nov is a Saturday: not back into October
    ['cron(0 0 30W * ? *)', '2025-11-01T00:00:00Z', '2025-11-28T00:00:00.000Z'], // 30 Nov is a Sunday: not into December
    ['cron(0 0 LW * ? *)', '2025-05-01T00:00:00Z', '2025-05-30T00:00:00.000Z'], // 31 May 2025 is a Saturday
    ['cron(0 0 ? * 5L *)', '2025-11-01T00:00:00Z', '2025-11-27T00:00:00.000Z'], // last Thursday
    ['cron(0 0 ? * 6#5 *)', '2025-11-01T00:00:00Z', '2026-01-30T00:00:00.000Z'], // a fifth Friday
    // Days that some months lack.
    ['cron(0 0 30 * ? *)', '2025-02-01T00:00:00Z', '2025-03-30T00:00:00.000Z'],
    ['cron(0 0 31 * ? *)', '2025-04-01T00:00:00Z', '2025-05-31T00:00:00.000Z'],
    ['cron(0 0 29 2 ? *)', '2025-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    // Names, lists, years.
    ['cron(30 6 ? JAN,JUL MON *)', '2025-02-01T00:00:00Z', '2025-07-07T06:30:00.000Z'],
    ['cron(0 0 1 1 ? 2027-2030)', '2025-11-05T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['cron(5/20 * * * ? *)', '2025-11-05T00:46:00Z', '2025-11-05T01:05:00.000Z'],
  ])('%s after %s -> %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it('fires strictly after the given time, on whole minutes', () => {
    expect(next('cron(* * * * ? *)', '2025-11-05T10:00:00Z')).toBe('2025-11-05T10:01:00.000Z');
    expect(next('cron(* * * * ? *)', '2025-11-05T10:00:59.999Z')).toBe('2025-11-05T10:01:00.000Z');
  });

  it('never fires again after its last year', () => {
    expect(next('cron(0 0 1 1 ? 2020)', '2025-11-05T00:00:00Z')).toBeUndefined();
  });

  it.each([
    ['cron(0 10 * * *)', '6 fields'],
    ['cron(0 10 * * ? * *)', '6 fields'],
    ['cron(0 10 * * MON *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 10 ? * ? *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(60 10 * * ? *)', 'minutes: 60 is outside 0-59'],
    ['cron(abc 10 * * ? *)', "minutes: 'abc' is not a value, range or step"],
    ['cron(0 24 * * ? *)', 'hours: 24 is outside 0-23'],
    ['cron(0 0 32 * ? *)', 'day-of-month: 32 is outside 1-31'],
    ['cron(0 0 ? * 8 *)', 'day-of-week: 8 is outside 1-7'],
    ['cron(0 0 ? * 2#6 *)', 'day-of-week: #6 must be 1-5'],
    ['cron(0 0 1 13 ? *)', 'month: 13 is outside 1-12'],
    ['cron(0 0 1 1 ? 1969)', 'year: 1969 is outside 1970-2199'],
    ['cron(*/0 0 1 1 ? *)', 'step must be at least 1'],
  ])('refuses %s (%s)', (expression, problem) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression(expression)).toThrow(problem);
  });
});

describe('rate(...)', () => {
  it('fires every interval counted from when the schedule started', () => {
    const rate = parseScheduleExpression('rate(5 minutes)');
    const started = new Date('2025-11-05T10:00:30Z');
    expect(nextFireTime(rate, started, started)?.toISOString()).toBe('2025-11-05T10:05:30.000Z');
    expect(nextFireTime(rate, new Date('2025-11-05T10:05:30Z'), started)?.toISOString()).toBe(
      '2025-11-05T10:10:30.000Z',
    );
    expect(nextFireTime(parseScheduleExpression('rate(1 day)'), started, started)?.toISOString()).toBe(
      '2025-11-06T10:00:30.000Z',
    );
    expect(nextFireTime(parseScheduleExpression('rate(2 hours)'), started, started)?.toISOString()).toBe(
      '2025-11-05T12:00:30.000Z',
    );
  });

  it.each([
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(5 weeks)',
    'rate(five minutes)',
    'every(5 minutes)',
  ])('refuses %s', (expression) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
  });
});

// ---- property: the evaluator agrees with a minute-by-minute search over plain fields ----------

const valueOrRange = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min, max }).map(String),
    fc
      .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
      .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc
      .tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: max - min }))
      .map(([start, step]) => `${start}/${step}`),
    fc.constant('*'),
  );
const list = (min: number, max: number) =>
  fc.array(valueOrRange(min, max), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(','));

const plainCron = fc
  .record({
    minutes: list(0, 59),
    hours: list(0, 23),
    useDayOfWeek: fc.boolean(),
    dayOfMonth: list(1, 31),
    dayOfWeek: list(1, 7),
  })
  .map(({ minutes, hours, useDayOfWeek, dayOfMonth, dayOfWeek }) =>
    useDayOfWeek
      ? `cron(${minutes} ${hours} ? * ${dayOfWeek} *)`
      : `cron(${minutes} ${hours} ${dayOfMonth} * ? *)`,
  );

function expand(field: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] =
      range === '*'
        ? [min, max]
        : range.includes('-')
          ? range.split('-').map(Number)
          : [Number(range), stepText === undefined ? Number(range) : max];
    for (let value = from as number; value <= (to as number); value += step) values.add(value);
  }
  return values;
}

/** The reference: is this minute one the cron names? Written independently of the evaluator. */
function matchesMinute(expression: string, date: Date): boolean {
  const [minutes, hours, dayOfMonth, , dayOfWeek] = expression.slice(5, -1).split(' ') as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!expand(minutes, 0, 59).has(date.getUTCMinutes())) return false;
  if (!expand(hours, 0, 23).has(date.getUTCHours())) return false;
  if (dayOfMonth !== '?') return expand(dayOfMonth, 1, 31).has(date.getUTCDate());
  return expand(dayOfWeek, 1, 7).has(date.getUTCDay() + 1);
}

it('agrees with a minute-by-minute search for plain cron fields', () => {
  const horizonMinutes = 45 * 24 * 60;
  fc.assert(
    fc.property(
      plainCron,
      fc.date({
        min: new Date('2024-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      (expression, after) => {
        const actual = nextFireTime(parseScheduleExpression(expression), after);
        const start = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
        for (let index = 0; index < horizonMinutes; index++) {
          const candidate = new Date(start + index * 60_000);
          if (matchesMinute(expression, candidate)) {
            expect(actual?.toISOString()).toBe(candidate.toISOString());
            return;
          }
        }
        expect(actual!.getTime()).toBeGreaterThanOrEqual(start + horizonMinutes * 60_000);
      },
    ),
    { numRuns: 150 },
  );
});
