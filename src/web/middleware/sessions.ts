// Sessions in Postgres (connect-pg-simple), so the web process stays stateless; only for HTML pages.
import connectPgSimple from 'connect-pg-simple';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import type { UserAccount } from '../../domain/account.js';
import { SESSION_IDLE_MS } from '../../domain/retention.js';
import { logger } from '../../logger.js';
import { saveSessionBeforeRedirect } from './save-before-redirect.js';
import { isEmbedPath } from '../paths.js';
import type { Services } from '../../services/index.js';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** The account's credential version at sign-in: a password change since then signs this session out. */
    credentialVersion?: number;
    /** A one-line message shown once on the next page ("You have signed out"). */
    flash?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: UserAccount;
  }
}

// The privacy and cookies pages say this same length.
const SESSION_MAX_AGE_MS = SESSION_IDLE_MS;
/** The one cookie the site sets, named on the cookies page. */
export const SESSION_COOKIE = 'directory.sid';

/** Machine and asset paths need neither a session nor CSRF; nor does the search other sites embed (no cookie there). */
export function isPagePath(path: string): boolean {
  return !/^\/(api|health|static|vendor)(\/|$)/.test(path) && !isEmbedPath(path);
}

export function setUpSessions(app: Express, services: Services): void {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: services.sessionPool(),
    tableName: 'http_session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    // Through the one logger (it defaults to console.error), e.g. while the database is down.
    errorLog: (...args: unknown[]) => logger.warn({ err: args[0] }, 'session store failed'),
  });
  const sessions = session({
    name: SESSION_COOKIE,
    secret: services.settings.sessionSecret,
    store,
    resave: false,
    // No row for a visitor until a page actually needs one (a form's CSRF token or a sign-in).
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: services.settings.production,
      maxAge: SESSION_MAX_AGE_MS,
    },
  });
  const forms = express.urlencoded({ extended: true, limit: '100kb' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isPagePath(req.path)) return next();
    forms(req, res, (error?: unknown) => (error ? next(error) : sessions(req, res, next)));
  });
  app.use(saveSessionBeforeRedirect);
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (!isPagePath(req.path) || !req.session) return next();
    try {
      if (req.session.userId) {
        const user = await services.accounts.findUser(req.session.userId);
        if (user && user.credentialVersion === (req.session.credentialVersion ?? 0)) req.user = user;
        else delete req.session.userId;
      }
      res.locals.user = req.user
        ? { ...req.user, isSteward: req.user.role === 'steward', isOrganiser: req.user.role === 'organiser' }
        : null;
      if (req.session.flash) {
        res.locals.flash = req.session.flash;
        delete req.session.flash;
      }
      next();
    } catch (error) {
      next(error);
    }
  });
}

/** Starts a fresh session for a signed-in user, so a session id known before sign-in is worthless. */
export function signInSession(req: Request, userId: string, credentialVersion: number): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => {
      if (error) return reject(error);
      req.session.userId = userId;
      req.session.credentialVersion = credentialVersion;
      req.session.save((saveError) => (saveError ? reject(saveError) : resolve()));
    });
  });
}

export function signOutSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => (error ? reject(error) : resolve()));
  });
}
