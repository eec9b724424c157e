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

/** Only local paths are followed after sign-in, so the link cannot send people to another site. */
export function safeNext(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}
