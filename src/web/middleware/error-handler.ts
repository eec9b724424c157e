// The one error path for pages: answerFor gives the status and words, this renders them as a page.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { answerFor, NotFoundError } from '../errors.js';

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const { status, message, retryAfterSeconds } = answerFor(error);
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
  if (retryAfterSeconds !== null) res.setHeader('Retry-After', String(retryAfterSeconds));
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: message ?? title });
    return;
  }
  res.render('pages/error', { title, status, message });
};
