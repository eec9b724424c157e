// Synchroniser-token CSRF protection (csrf-sync): every POST form carries a hidden _csrf field.
import { csrfSync } from 'csrf-sync';
import type { Express, NextFunction, Request, Response } from 'express';
import { isPagePath } from './sessions.js';

export function setUpCsrf(app: Express): void {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined),
    errorConfig: {
      statusCode: 403,
      message:
        'This form has expired or was not sent from this site. Go back, reload the page and try again.',
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isPagePath(req.path)) return next();
    // A function Handlebars calls only where a form uses it, so a page without a form creates no session.
    let token: string | undefined;
    res.locals.csrfToken = () => (token ??= generateToken(req));
    csrfSynchronisedProtection(req, res, next);
  });
}
