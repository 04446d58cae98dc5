/**
 * EventBridge schedule expressions: `rate(value unit)` and the six-field AWS cron
 * `cron(minutes hours day-of-month month day-of-week year)`, evaluated in UTC like EventBridge.
 *
 * Hand-written on purpose: the npm parser made for AWS cron (aws-cron-parser 1.1.12) returns
 * wrong dates when a day of month does not exist in a month (`cron(0 0 30 * ? *)` after 1 Feb
 * gives 2 March; `cron(0 0 29 2 ? *)` never reaches a leap year), and the general cron libraries
 * number weekdays 0-6 from Sunday where AWS uses 1-7, and have no year field.
 */
export type ScheduleExpression = RateExpression | CronExpression;

export interface RateExpression {
  kind: 'rate';
  expression: string;
  intervalMs: number;
}

export interface CronExpression {
  kind: 'cron';
  expression: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  dayOfMonth: DayOfMonthRule;
  months: ReadonlySet<number>;
  dayOfWeek: DayOfWeekRule;
  years: ReadonlySet<number>;
}

type DayOfMonthRule =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last'; offset: number }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number };

type DayOfWeekRule =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last-of-month'; day: number }
  | { kind: 'nth'; day: number; nth: number };

export class ScheduleExpressionError extends Error {
  constructor(
    readonly expression: string,
    problem: string,
  ) {
    super(`invalid schedule expression '${expression}': ${problem}`);
    this.name = 'ScheduleExpressionError';
  }
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const YEAR_MIN = 1970;
const YEAR_MAX = 2199;

export function parseScheduleExpression(expression: string): ScheduleExpression {
  const text = expression.trim();
  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return parseRate(text, rate[1] as string);
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return parseCron(text, cron[1] as string);
  throw new ScheduleExpressionError(expression, 'expected rate(...) or cron(...)');
}

function parseRate(expression: string, body: string): RateExpression {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body);
  if (!match) throw new ScheduleExpressionError(expression, 'expected rate(<positive integer> <unit>)');
  const value = Number(match[1]);
  const unit = match[2] as string;
  if (value < 1) throw new ScheduleExpressionError(expression, 'the value must be a positive integer');
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  const unitMs = RATE_UNITS[singular];
  if (unitMs === undefined)
    throw new ScheduleExpressionError(expression, `unknown unit '${unit}' (minute(s), hour(s), day(s))`);
  // EventBridge insists on the singular for 1 and the plural otherwise.
  if (value === 1 && unit !== singular)
    throw new ScheduleExpressionError(expression, `use '${singular}' for a value of 1`);
  if (value > 1 && unit === singular)
    throw new ScheduleExpressionError(expression, `use '${singular}s' for a value above 1`);
  return { kind: 'rate', expression, intervalMs: value * unitMs };
}

function parseCron(expression: string, body: string): CronExpression {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      expression,
      `cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(expression, 'exactly one of day-of-month and day-of-week must be ?');
  }
  const fail = (problem: string) => new ScheduleExpressionError(expression, problem);
  return {
    kind: 'cron',
    expression,
    minutes: parseList(minutes, 0, 59, 'minutes', fail),
    hours: parseList(hours, 0, 23, 'hours', fail),
    dayOfMonth: parseDayOfMonth(dayOfMonth, fail),
    months: parseList(replaceNames(month, MONTH_NAMES, 1), 1, 12, 'month', fail),
    dayOfWeek: parseDayOfWeek(dayOfWeek, fail),
    years: parseList(year, YEAR_MIN, YEAR_MAX, 'year', fail),
  };
}

type Fail = (problem: string) => ScheduleExpressionError;

function replaceNames(field: string, names: readonly string[], first: number): string {
  return field.toUpperCase().replace(/[A-Z]{3}/g, (name) => {
    const index = names.indexOf(name);
    return index < 0 ? name : String(index + first);
  });
}

/** `*`, `n`, `a-b` (wrapping when a > b), `a/step`, `*\/step`, `a-b/step`, joined by commas. */
function parseList(field: string, min: number, max: number, name: string, fail: Fail): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!match) throw fail(`${name}: '${part}' is not a value, range or step`);
    const [, startText, endText, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw fail(`${name}: step must be at least 1`);
    const start = startText === '*' ? min : Number(startText);
    // `5/10` means from 5 to the end in steps of 10; a plain `5` is one value.
    const end =
      startText === '*'
        ? max
        : endText !== undefined
          ? Number(endText)
          : stepText !== undefined
            ? max
            : start;
    if (startText === '*' && endText !== undefined) throw fail(`${name}: '${part}' mixes * and a range`);
    for (const bound of [start, end]) {
      if (bound < min || bound > max) throw fail(`${name}: ${bound} is outside ${min}-${max}`);
    }
    const span = end >= start ? end - start : max - start + 1 + (end - min);
    for (let offset = 0; offset <= span; offset += step) {
      values.add(((start - min + offset) % (max - min + 1)) + min);
    }
  }
  return values;
}

function parseDayOfMonth(field: string, fail: Fail): DayOfMonthRule {
  if (field === '?') return { kind: 'any' };
  if (field === 'L') return { kind: 'last', offset: 0 };
  if (field === 'LW') return { kind: 'last-weekday' };
  const lastOffset = /^L-(\d+)$/.exec(field);
  if (lastOffset) {
    const offset = Number(lastOffset[1]);
    if (offset > 30) throw fail(`day-of-month: L-${offset} goes before the first day`);
    return { kind: 'last', offset };
  }
  const weekday = /^(\d+)W$/.exec(field);
  if (weekday) {
    const day = Number(weekday[1]);
    if (day < 1 || day > 31) throw fail(`day-of-month: ${day}W is outside 1-31`);
    return { kind: 'nearest-weekday', day };
  }
  return { kind: 'days', days: parseList(field, 1, 31, 'day-of-month', fail) };
}

function parseDayOfWeek(field: string, fail: Fail): DayOfWeekRule {
  if (field === '?') return { kind: 'any' };
  const named = replaceNames(field, DAY_NAMES, 1);
  if (named === 'L') return { kind: 'days', days: new Set([7]) };
  const last = /^(\d)L$/.exec(named);
  if (last) return { kind: 'last-of-month', day: weekdayNumber(Number(last[1]), fail) };
  const nth = /^(\d)#(\d)$/.exec(named);
  if (nth) {
    const occurrence = Number(nth[2]);
    if (occurrence < 1 || occurrence > 5) throw fail(`day-of-week: #${occurrence} must be 1-5`);
    return { kind: 'nth', day: weekdayNumber(Number(nth[1]), fail), nth: occurrence };
  }
  return { kind: 'days', days: parseList(named, 1, 7, 'day-of-week', fail) };
}

function weekdayNumber(day: number, fail: Fail): number {
  if (day < 1 || day > 7) throw fail(`day-of-week: ${day} is outside 1-7 (1 = SUN)`);
  return day;
}

// -------------------------------------------------------------------------------------------------

/** The first time strictly after `after` at which the schedule fires, or undefined when it never fires again. */
export function nextFireTime(
  schedule: ScheduleExpression,
  after: Date,
  startedAt: Date = after,
): Date | undefined {
  if (schedule.kind === 'rate') {
    // A rate schedule fires every interval counted from when the rule was created.
    const elapsed = after.getTime() - startedAt.getTime();
    const intervals = Math.floor(elapsed / schedule.intervalMs) + 1;
    return new Date(startedAt.getTime() + Math.max(1, intervals) * schedule.intervalMs);
  }
  return nextCronTime(schedule, after);
}

function nextCronTime(cron: CronExpression, after: Date): Date | undefined {
  // Cron fires on whole minutes: start at the next minute boundary.
  const from = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  const startYear = from.getUTCFullYear();
  const years = [...cron.years].filter((year) => year >= startYear).sort((a, b) => a - b);
  const months = [...cron.months].sort((a, b) => a - b);
  const hours = [...cron.hours].sort((a, b) => a - b);
  const minutes = [...cron.minutes].sort((a, b) => a - b);
  for (const year of years) {
    for (const month of months) {
      if (year === startYear && month < from.getUTCMonth() + 1) continue;
      const sameMonth = year === startYear && month === from.getUTCMonth() + 1;
      for (const day of daysInMonthMatching(cron, year, month)) {
        if (sameMonth && day < from.getUTCDate()) continue;
        const sameDay = sameMonth && day === from.getUTCDate();
        for (const hour of hours) {
          if (sameDay && hour < from.getUTCHours()) continue;
          const sameHour = sameDay && hour === from.getUTCHours();
          const minute = minutes.find((value) => !sameHour || value >= from.getUTCMinutes());
          if (minute !== undefined) return new Date(Date.UTC(year, month - 1, day, hour, minute));
        }
      }
    }
  }
  return undefined;
}

/** Days of the month (ascending) on which the day-of-month or day-of-week rule matches. */
export function daysInMonthMatching(cron: CronExpression, year: number, month: number): number[] {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weekdayOf = (day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1; // 1 = SUN
  const isWeekday = (day: number) => {
    const weekday = weekdayOf(day);
    return weekday !== 1 && weekday !== 7;
  };
  const all = Array.from({ length }, (_, index) => index + 1);
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  if (dom.kind !== 'any') {
    switch (dom.kind) {
      case 'days':
        return all.filter((day) => dom.days.has(day));
      case 'last': {
        const day = length - dom.offset;
        return day >= 1 ? [day] : [];
      }
      case 'last-weekday': {
        let day = length;
        while (!isWeekday(day)) day -= 1;
        return [day];
      }
      case 'nearest-weekday': {
        if (dom.day > length) return [];
        if (isWeekday(dom.day)) return [dom.day];
        // Saturday moves to Friday unless that leaves the month; Sunday moves to Monday likewise.
        const saturday = weekdayOf(dom.day) === 7;
        if (saturday) return [dom.day === 1 ? 3 : dom.day - 1];
        return [dom.day === length ? dom.day - 2 : dom.day + 1];
      }
    }
  }
  switch (dow.kind) {
    case 'any':
      return all;
    case 'days':
      return all.filter((day) => dow.days.has(weekdayOf(day)));
    case 'last-of-month': {
      const matching = all.filter((day) => weekdayOf(day) === dow.day);
      return matching.slice(-1);
    }
    case 'nth': {
      const matching = all.filter((day) => weekdayOf(day) === dow.day);
      const day = matching[dow.nth - 1];
      return day === undefined ? [] : [day];
    }
  }
}
