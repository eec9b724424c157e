// Route guards: who may reach a page. Anonymous visitors are sent to sign in; the wrong role gets a 403.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../domain/account.js';
import { ForbiddenError } from '../errors.js';
import { paths } from '../paths.js';

export const requireSignIn: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (req.user) return next();
  if (req.method !== 'GET') return next(new ForbiddenError('Sign in to do that'));
  res.redirect(`${paths.signIn}?next=${encodeURIComponent(req.originalUrl)}`);
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return requireSignIn(req, res, next);
    if (!roles.includes(req.user.role)) return next(new ForbiddenError());
    next();
  };
}

/**
 * Only local paths are followed after sign-in, so the link cannot send people to another site: one slash, not two
 * and not a backslash (which browsers read as a slash), and no control characters or spaces anywhere, which
 * browsers strip from an address before reading it ("/\t/evil.example" is "//evil.example").
 */
export function safeNext(value: unknown): string | null {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && /^\/(?![/\\])[^\u0000-\u0020\u007f]*$/.test(value) ? value : null;
}
