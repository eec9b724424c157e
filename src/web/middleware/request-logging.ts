// A request id on every request and in every log line about it.
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { pinoHttp } from 'pino-http';
import { logger } from '../../logger.js';

export function setUpRequestLogging(app: Express): void {
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
}
