// Rate limits on pages: a refused request is a 429 with Retry-After and a sentence saying when to try again.
import type { Request, RequestHandler } from 'express';
import { DateTime } from 'luxon';
import type { Services } from '../../services/index.js';
import { RATE_LIMITS, type LimitCheck, type LimitKeys } from '../../services/rate-limits.js';
import { TooManyRequestsError } from '../errors.js';

export type Refused = Extract<LimitCheck, { ok: false }>;

/** The address a request came from, as Express reports it (behind a proxy, per its trust setting). */
export const clientAddress = (req: Request): string => req.ip ?? 'unknown';

/** "Try again after 15:45 (in 15 minutes)." in UK time, with the day when it is not today. */
export function whenToTryAgain(retryAfterMs: number, now = new Date()): string {
  const zone = 'Europe/London';
  const from = DateTime.fromJSDate(now, { zone });
  const at = from.plus({ milliseconds: Math.max(retryAfterMs, 60_000) });
  const minutes = Math.ceil(Math.max(retryAfterMs, 60_000) / 60_000);
  const wait =
    minutes < 60
      ? `in ${minutes} minute${minutes === 1 ? '' : 's'}`
      : `in about ${Math.round(minutes / 60)} hour${Math.round(minutes / 60) === 1 ? '' : 's'}`;
  const day = at.hasSame(from, 'day')
    ? ''
    : at.hasSame(from.plus({ days: 1 }), 'day')
      ? ' tomorrow'
      : ` on ${at.toFormat('cccc d MMMM')}`;
  return `Try again after ${at.toFormat('HH:mm')}${day} (${wait}).`;
}

export const retryAfterSeconds = (refused: Refused) => Math.max(1, Math.ceil(refused.retryAfterMs / 1000));

/** The limit's own words, when to try again, and anything the page adds (such as another way in). */
export function refusalMessage(refused: Refused, more = ''): string {
  return [RATE_LIMITS[refused.limit].refusal, whenToTryAgain(refused.retryAfterMs), more]
    .filter(Boolean)
    .join(' ');
}

/** Counts a request against limits (after the route guards); the error handler answers a refusal. */
export async function enforceLimits(services: Services, keys: LimitKeys): Promise<void> {
  const check = await services.rateLimits.consume(keys);
  if (!check.ok) throw new TooManyRequestsError(refusalMessage(check), retryAfterSeconds(check));
}

/** The same as route middleware, for actions whose keys come from the request alone. */
export function rateLimited(services: Services, keys: (req: Request) => LimitKeys): RequestHandler {
  return (req, _res, next) => {
    enforceLimits(services, keys(req)).then(() => next(), next);
  };
}
