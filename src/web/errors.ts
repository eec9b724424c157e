// Typed errors, and how any error is answered: the page handler and the API's handler both ask answerFor.
import { isDatabaseUnavailable } from '../domain/database-outage.js';
import { BadRequestError, type FormError } from '../domain/form-error.js';

export { BadRequestError } from '../domain/form-error.js';

export class NotFoundError extends Error {
  readonly status = 404;
  constructor(message = 'Page not found') {
    super(message);
  }
}

export class ServiceUnavailableError extends Error {
  readonly status = 503;
}

export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(message = 'You do not have permission to do that') {
    super(message);
  }
}

/** A rate limit refused the request: answered 429 with Retry-After and a page saying when to try again. */
export class TooManyRequestsError extends Error {
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface ErrorAnswer {
  status: number;
  /** What the client may be told (its own mistake); null for a fault of ours, which is logged instead. */
  message: string | null;
  /** Each problem with the request, by field or parameter, when it was checked (a BadRequestError). */
  problems: FormError[];
  retryAfterSeconds: number | null;
}

/** The status and words for any error: typed errors carry their own; a database outage is a 503, the rest 500. */
export function answerFor(error: unknown): ErrorAnswer {
  const given = (error as { status?: unknown } | null)?.status;
  let status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
  if (status === 500 && isDatabaseUnavailable(error)) status = 503;
  const message = status < 500 ? String((error as { message?: unknown }).message ?? '') : null;
  return {
    status,
    message,
    problems: error instanceof BadRequestError ? error.errors : [],
    retryAfterSeconds:
      error instanceof TooManyRequestsError ? error.retryAfterSeconds : status === 503 ? 5 : null,
  };
}
