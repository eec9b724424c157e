// Pages nobody else may keep a copy of: what a signed-in user sees, and pages reached by a secret link.
// Without this, Back after signing out shows the steward's mailbox again, reset links and all.
import type { NextFunction, Request, Response } from 'express';
import { carriesToken } from '../paths.js';

const noStore = (res: Response) => res.set('Cache-Control', 'no-store');

/** Before any route, so errors and expired-link pages on these paths are covered too. */
export function noStoreForTokenPaths(req: Request, res: Response, next: NextFunction): void {
  if (carriesToken(req.path)) noStore(res);
  next();
}

/** After the session has told who is signed in. */
export function noStoreWhenSignedIn(req: Request, res: Response, next: NextFunction): void {
  if (req.user) noStore(res);
  next();
}
