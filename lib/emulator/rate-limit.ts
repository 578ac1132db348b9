import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { InvalidInputError } from '../errors';
import type { EmulatorRateLimit } from './types';

/** What {@link RateLimitEnforcer.admit} decided for one request. */
export type RateLimitDecision =
  | {
      /** The request may proceed (and was counted). */
      readonly ok: true;
    }
  | {
      /** The request is refused with 429. */
      readonly ok: false;
      /** Seconds until a slot frees, for `Retry-After` (at least 1). */
      readonly retryAfterSeconds: number;
    };

/**
 * Cloudflare's rate limits as the emulator enforces them: a sliding window of `requests` per `windowMs` per
 * credential (Cloudflare counts per user), and `perSecond` per second for everyone (per IP; the emulator
 * listens on loopback only, so every caller shares one IP). Only admitted requests are counted.
 */
export class RateLimitEnforcer {
  /** The limits enforced. */
  public readonly limit: Readonly<Required<EmulatorRateLimit>>;
  private readonly byCredential = new Map<string, number[]>();
  private recent: number[] = [];
  private busyLeft: number;

  /** @throws {@link InvalidInputError} when a limit is not a non-negative integer */
  public constructor(limit: EmulatorRateLimit) {
    this.limit = Object.freeze(checkRateLimit(limit));
    this.busyLeft = this.limit.busy.requests;
  }

  /** How long a request that arrives now waits before it is counted (see `EmulatorRateLimit.busy`). */
  public countDelayMs(): number {
    if (this.busyLeft <= 0) return 0;
    this.busyLeft -= 1;
    return this.limit.busy.delayMs;
  }

  /** Admits (and counts) a request, or says how long it must wait. */
  public admit(headers: IncomingHttpHeaders, now = Date.now()): RateLimitDecision {
    const { requests, windowMs, perSecond } = this.limit;
    const key = credentialKey(headers);
    const log = (this.byCredential.get(key) ?? []).filter((t) => t > now - windowMs);
    this.recent = this.recent.filter((t) => t > now - 1000);
    let waitMs = 0;
    if (requests > 0 && log.length >= requests) waitMs = log[log.length - requests] + windowMs - now;
    if (perSecond > 0 && this.recent.length >= perSecond) {
      waitMs = Math.max(waitMs, this.recent[this.recent.length - perSecond] + 1000 - now);
    }
    if (waitMs > 0) {
      this.byCredential.set(key, log);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    log.push(now);
    this.recent.push(now);
    this.byCredential.set(key, log);
    return { ok: true };
  }
}

// Hashed, so the enforcer never holds a credential itself.
function credentialKey(headers: IncomingHttpHeaders): string {
  const auth = headers.authorization;
  const raw =
    auth !== undefined
      ? `bearer\0${auth}`
      : `key\0${String(headers['x-auth-email']).toLowerCase()}\0${String(headers['x-auth-key'])}`;
  return createHash('sha256').update(raw).digest('hex');
}

/** Validates a rate limit and fills in its defaults (window 300000 ms, no per-second limit, never busy). */
export function checkRateLimit(limit: EmulatorRateLimit): Required<EmulatorRateLimit> {
  if (typeof limit !== 'object' || limit === null) {
    throw new InvalidInputError(
      'rateLimit',
      'rateLimit must be an object like { "requests": 1200, "windowMs": 300000 }.',
    );
  }
  if (limit.busy !== undefined && (typeof limit.busy !== 'object' || limit.busy === null)) {
    throw new InvalidInputError(
      'rateLimit.busy',
      'rateLimit.busy must be an object like { "delayMs": 500, "requests": 10 }.',
    );
  }
  const out = {
    requests: limit.requests,
    windowMs: limit.windowMs ?? 300_000,
    perSecond: limit.perSecond ?? 0,
    'busy.delayMs': limit.busy?.delayMs ?? 0,
    'busy.requests': limit.busy?.requests ?? 0,
  };
  for (const [field, value] of Object.entries(out)) {
    if (!Number.isSafeInteger(value) || value < 0 || (field === 'windowMs' && value < 1)) {
      throw new InvalidInputError(
        `rateLimit.${field}`,
        `rateLimit.${field} must be a ${field === 'windowMs' ? 'positive' : 'non-negative'} integer, got ${String(value)}. Use { "requests": 1200, "windowMs": 300000, "perSecond": 200 } for Cloudflare's limits.`,
      );
    }
  }
  const { requests, windowMs, perSecond } = out;
  return { requests, windowMs, perSecond, busy: { delayMs: out['busy.delayMs'], requests: out['busy.requests'] } };
}
