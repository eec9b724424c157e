// Security headers with a per-request CSP nonce; no inline script or handler is ever allowed.
import { randomBytes } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export function setUpWebSecurity(app: Express): void {
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('hex');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          // Map tiles come from OpenStreetMap when the network allows; the page works without them.
          imgSrc: ["'self'", 'data:', 'https://tile.openstreetmap.org'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.disable('x-powered-by');
}
