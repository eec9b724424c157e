// express-session writes a changed session as the response ends, but a browser follows a redirect as soon as
// the headers arrive, on another connection: without this the next page could read the session as it was.
import type { NextFunction, Request, Response } from 'express';
import type { Session } from 'express-session';

/** What the store keeps of a session, less the cookie (whose expiry moves on every request). */
function content(session: Session): string {
  const { cookie: _cookie, ...data } = session;
  return JSON.stringify(data);
}

/** Makes every res.redirect wait until a session this request changed (or replaced) is in the store. */
export function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  if (!req.session) return next();
  const loadedId = req.sessionID;
  const loaded = content(req.session);
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const session = req.session as Session | undefined;
    if (!session || (req.sessionID === loadedId && content(session) === loaded)) return redirect(...args);
    session.save((error?: unknown) => {
      if (error) return next(error);
      // Stored just now, as it stands. After a regenerate (sign-in, sign-out) express-session would store it
      // again once the redirect's headers are out, late enough to overwrite what the next request stored (its
      // CSRF token, a flash it cleared): this response's own end-of-request save becomes a no-op.
      Object.defineProperty(session, 'save', {
        configurable: true,
        writable: true,
        value: (done?: (error?: unknown) => void) => done?.(),
      });
      redirect(...args);
    });
  }) as Response['redirect'];
  next();
}
