// Typed errors the one error handler turns into a status and a page.
export class NotFoundError extends Error {
  readonly status = 404;
  constructor(message = 'Page not found') {
    super(message);
  }
}

export class BadRequestError extends Error {
  readonly status = 400;
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
