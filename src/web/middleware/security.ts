// Security headers with a per-request CSP nonce; no inline script or handler is ever allowed.
import { randomBytes } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { isEmbedPath } from '../paths.js';

const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`;

function headers(framing: { ancestors: string[]; embed: boolean }): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonce],
        // The embedded search's accent colour is a nonce'd style element, built only from a checked colour.
        styleSrc: framing.embed ? ["'self'", nonce] : ["'self'"],
        // Map tiles come from OpenStreetMap when the network allows; the page works without them.
        imgSrc: ["'self'", 'data:', 'https://tile.openstreetmap.org'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: framing.ancestors,
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Other sites load the embed script with a plain <script src>, which "same-origin" would block.
    crossOriginResourcePolicy: { policy: framing.embed ? 'cross-origin' : 'same-origin' },
    // frame-ancestors decides framing; X-Frame-Options cannot name several sites, so the embed goes without it.
    xFrameOptions: framing.embed ? false : { action: 'sameorigin' },
    referrerPolicy: { policy: 'same-origin' },
  };
}

/**
 * Every page refuses to be framed except the embeddable search, which any site may frame, or only the sites in
 * embedAllowedOrigins (EMBED_ALLOWED_ORIGINS) and the directory itself (its own preview).
 */
export function setUpWebSecurity(app: Express, embedAllowedOrigins: string[] | null = null): void {
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('hex');
    next();
  });
  const pages = helmet(headers({ ancestors: ["'none'"], embed: false }));
  const embed = helmet(
    headers({ ancestors: embedAllowedOrigins ? ["'self'", ...embedAllowedOrigins] : ['*'], embed: true }),
  );
  app.use((req: Request, res: Response, next: NextFunction) =>
    (isEmbedPath(req.path) ? embed : pages)(req, res, next),
  );
  app.disable('x-powered-by');
}
