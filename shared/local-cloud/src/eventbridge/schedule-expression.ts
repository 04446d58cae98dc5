/**
 * Checks `rate(...)` and `cron(...)` expressions the way PutRule does. The bus stores
 * scheduled rules; firing them on time is the orchestrator's job (see
 * `LocalEventBus.fireScheduledRule`).
 */
export function isValidScheduleExpression(expression: string): boolean {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value < 1) return false;
    return value === 1 ? !unit.endsWith('s') : unit.endsWith('s');
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron) {
    const fields = (cron[1] ?? '').trim().split(/\s+/);
    if (fields.length !== 6) return false;
    const [, , dayOfMonth, , dayOfWeek] = fields;
    // One of day-of-month and day-of-week must be '?'.
    if ((dayOfMonth === '?') === (dayOfWeek === '?')) return false;
    return fields.every((field) => /^[0-9A-Za-z*?,\-/#L W]+$/.test(field));
  }
  return false;
}
