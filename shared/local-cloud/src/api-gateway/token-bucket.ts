import type { Clock } from './clock';

export interface TokenBucketSettings {
  /** Steady-state requests per second: tokens added per second. */
  rateLimit: number;
  /** Bucket size: the most requests admitted at once after a quiet period. */
  burstLimit: number;
}

export interface TokenBucketSnapshot {
  /** Tokens available now (fractional while refilling). */
  tokens: number;
  /** Milliseconds until at least one token is available (0 when one is). */
  msUntilNextToken: number;
}

/**
 * API Gateway's throttling algorithm for one API key: a bucket of `burstLimit` tokens, full at
 * the start, refilled continuously at `rateLimit` tokens per second up to `burstLimit`; each
 * request takes one whole token or is throttled. Hence, in any window of t seconds, at most
 * burstLimit + rateLimit * t requests are admitted.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly settings: TokenBucketSettings,
    private readonly clock: Clock,
  ) {
    assertNonNegativeFinite('rateLimit', settings.rateLimit);
    assertNonNegativeFinite('burstLimit', settings.burstLimit);
    this.tokens = settings.burstLimit;
    this.refilledAt = clock();
  }

  /** Takes a token if one is there; false means the request is throttled. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Would a request be admitted now? Refills, takes nothing. */
  canTake(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  snapshot(): TokenBucketSnapshot {
    this.refill();
    const missing = 1 - this.tokens;
    const { rateLimit, burstLimit } = this.settings;
    let msUntilNextToken = 0;
    if (missing > 0) {
      msUntilNextToken =
        rateLimit > 0 && burstLimit >= 1 ? Math.ceil((missing / rateLimit) * 1000) : Infinity;
    }
    return { tokens: this.tokens, msUntilNextToken };
  }

  private refill(): void {
    const now = this.clock();
    // A clock that steps back (NTP, a test clock rewound) adds nothing rather than removing tokens.
    const elapsedMs = Math.max(0, now - this.refilledAt);
    this.refilledAt = Math.max(now, this.refilledAt);
    if (elapsedMs === 0) return;
    const { rateLimit, burstLimit } = this.settings;
    this.tokens = Math.min(burstLimit, this.tokens + (elapsedMs * rateLimit) / 1000);
  }
}

function assertNonNegativeFinite(field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`TokenBucket: ${field} must be a finite number >= 0, got ${String(value)}`);
  }
}
