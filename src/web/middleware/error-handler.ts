// The one error path: typed errors become their status and a page; anything else is logged and is a 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../../db/availability.js';
import { NotFoundError, TooManyRequestsError } from '../errors.js';

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  let status = typeof error?.status === 'number' ? error.status : 500;
  if (status === 500 && isDatabaseUnavailable(error)) status = 503;
  if (status >= 500) req.log?.error({ err: error }, 'request failed');
  const title =
    status === 404
      ? 'Page not found'
      : status === 503
        ? 'Sorry, the directory is unavailable'
        : status === 429
          ? 'Please wait before trying again'
          : status < 500
            ? 'There is a problem with your request'
            : 'Sorry, something went wrong';
  res.status(status);
  if (status === 503) res.setHeader('Retry-After', '5');
  if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: status < 500 ? error.message : title });
    return;
  }
  res.render('pages/error', { title, status, message: status < 500 ? error.message : null });
};
