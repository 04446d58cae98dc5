import type { Clock } from './clock';

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface QuotaSettings {
  /** Requests allowed per period window. */
  limit: number;
  period: QuotaPeriod;
  /**
   * Requests subtracted from the limit in the initial period (the API reference's current
   * wording for QuotaSettings.offset); locally the initial period is the one the counter was
   * created in, i.e. the one `npm start` began in.
   */
  offset: number;
}

export interface QuotaWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive: when the counter resets. */
  end: number;
}

export interface QuotaSnapshot {
  limit: number;
  period: QuotaPeriod;
  /** Allowance of the current window (limit, or limit - offset in the initial window). */
  allowance: number;
  used: number;
  remaining: number;
  window: QuotaWindow;
}

const DAY_MS = 86_400_000;

/**
 * The calendar window (UTC) that contains `at`: a day from 00:00 UTC, a week from Sunday 00:00
 * UTC, a month from the 1st 00:00 UTC. API Gateway counts quotas in such windows; it documents
 * neither the time zone nor the first day of the week, so these are stated choices (UTC; Sunday,
 * as in the older QuotaSettings text where offset 0 meant a week starting on Sunday).
 */
export function quotaWindowAt(period: QuotaPeriod, at: number): QuotaWindow {
  const date = new Date(at);
  const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  switch (period) {
    case 'DAY':
      return { start: dayStart, end: dayStart + DAY_MS };
    case 'WEEK': {
      const start = dayStart - date.getUTCDay() * DAY_MS;
      return { start, end: start + 7 * DAY_MS };
    }
    case 'MONTH':
      return {
        start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
        end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
      };
  }
}

/**
 * One API key's quota under one usage plan: requests counted per calendar window; once a
 * window's allowance is used up every further request in that window is refused ("Limit
 * Exceeded"), and the count starts again at the next window.
 */
export class QuotaCounter {
  private readonly initialWindowStart: number;
  private window: QuotaWindow;
  private used = 0;

  constructor(
    readonly settings: QuotaSettings,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(settings.limit) || settings.limit < 0) {
      throw new RangeError(`QuotaCounter: limit must be an integer >= 0, got ${String(settings.limit)}`);
    }
    if (!Number.isInteger(settings.offset) || settings.offset < 0) {
      throw new RangeError(`QuotaCounter: offset must be an integer >= 0, got ${String(settings.offset)}`);
    }
    this.window = quotaWindowAt(settings.period, clock());
    this.initialWindowStart = this.window.start;
  }

  /** Counts one request if the window has room; false means the quota is exhausted. */
  tryConsume(): boolean {
    this.roll();
    if (this.used >= this.allowance()) return false;
    this.used += 1;
    return true;
  }

  /** Would a request be counted now? Counts nothing. */
  hasRoom(): boolean {
    this.roll();
    return this.used < this.allowance();
  }

  snapshot(): QuotaSnapshot {
    this.roll();
    const allowance = this.allowance();
    return {
      limit: this.settings.limit,
      period: this.settings.period,
      allowance,
      used: this.used,
      remaining: Math.max(0, allowance - this.used),
      window: { ...this.window },
    };
  }

  private allowance(): number {
    const { limit, offset } = this.settings;
    return this.window.start === this.initialWindowStart ? Math.max(0, limit - offset) : limit;
  }

  private roll(): void {
    const now = this.clock();
    // Only forward: a clock stepping back stays in the window it already counts.
    if (now >= this.window.end) {
      this.window = quotaWindowAt(this.settings.period, now);
      this.used = 0;
    }
  }
}
