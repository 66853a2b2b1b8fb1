// The tenant's rate limit, modelled as Auth0 describes it: a bucket of `burst` requests that refills continuously
// at `perSecond`. The headers it reports are the ones Auth0 sends, so a client can pace itself from them.
import { z } from "zod";

export const rateLimitSchema = z.strictObject({
  /** Requests added back to the bucket per second. */
  perSecond: z.number().positive(),
  /** Size of the bucket: how many requests may be sent at once after a quiet period. */
  burst: z.number().int().min(1),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

export interface BucketDecision {
  readonly allowed: boolean;
  /** Sent as `x-ratelimit-limit`. */
  readonly limit: number;
  /** Sent as `x-ratelimit-remaining`: whole requests left after this one. */
  readonly remaining: number;
  /** Sent as `x-ratelimit-reset`: UNIX seconds, rounded up, at which the bucket is full again. */
  readonly reset: number;
}

export class TokenBucket {
  readonly limit: RateLimit;
  private tokens: number;
  private updatedAt: number;

  constructor(limit: RateLimit, private readonly now: () => number = Date.now) {
    this.limit = rateLimitSchema.parse(limit);
    this.tokens = this.limit.burst;
    this.updatedAt = now();
  }

  /** Takes one request's worth from the bucket if there is one; a refused request takes nothing. */
  take(): BucketDecision {
    const now = this.refill();
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    return this.describe(allowed, now);
  }

  private refill(): number {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.perSecond);
    this.updatedAt = now;
    return now;
  }

  private describe(allowed: boolean, now: number): BucketDecision {
    const secondsUntilFull = (this.limit.burst - this.tokens) / this.limit.perSecond;
    return {
      allowed,
      limit: this.limit.burst,
      remaining: Math.floor(this.tokens),
      reset: Math.ceil((now + secondsUntilFull * 1000) / 1000),
    };
  }
}

export function rateLimitHeaders(decision: BucketDecision): Record<string, string> {
  return {
    "x-ratelimit-limit": String(decision.limit),
    "x-ratelimit-remaining": String(decision.remaining),
    "x-ratelimit-reset": String(decision.reset),
  };
}
