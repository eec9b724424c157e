// How the API answers: CORS for everyone, cacheable JSON with a strong ETag, ndjson streams, JSON errors.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { BatchConsumer } from '../services/open-referral.js';
import { answerFor } from '../web/errors.js';

const CACHE_CONTROL = 'public, max-age=60';

export const allowAnyOrigin: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'ETag');
  // Helmet's same-origin resource policy would stop other sites' pages reading an open API.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'If-None-Match, Content-Type');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
    return;
  }
  next();
};

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** Sends a JSON body with a strong ETag (a hash of the exact bytes), or 304 when the client has it. */
export function sendJson(req: Request, res: Response, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  const etag = `"${createHash('sha256').update(bytes).digest('base64url')}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', CACHE_CONTROL);
  if (matches(req.get('If-None-Match'), etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json; charset=utf-8').send(bytes);
}

/** Stops reading the database once nobody is listening. */
class ClientGone extends Error {}

/** Streams a whole result set as newline-delimited JSON, waiting for the client to drain each batch. */
export async function sendNdjson(
  res: Response,
  stream: (consume: BatchConsumer) => Promise<void>,
): Promise<void> {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', CACHE_CONTROL);
  };
  try {
    await stream(async (records) => {
      if (res.destroyed) throw new ClientGone();
      start();
      const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
      if (!res.write(text)) {
        // Whichever of drain or close comes first, the other listener is removed (no leak per batch).
        const settled = new AbortController();
        await Promise.race([
          once(res, 'drain', { signal: settled.signal }),
          once(res, 'close', { signal: settled.signal }),
        ]).finally(() => settled.abort());
      }
    });
  } catch (error) {
    if (error instanceof ClientGone) return;
    // Before the first line an error can still be a proper JSON answer; after it, cut the stream.
    if (!started) throw error;
    res.destroy(error as Error);
    return;
  }
  start();
  res.end();
}

function errorBody(status: number, message: string, parameter?: string) {
  const error =
    status === 400
      ? 'Bad Request'
      : status === 404
        ? 'Not Found'
        : status === 503
          ? 'Service Unavailable'
          : 'Internal Server Error';
  return parameter ? { status, error, message, parameter } : { status, error, message };
}

export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody(404, `There is no API resource at ${req.path}`));
};

export function sendNotFound(res: Response, what: string, id: string): void {
  res.status(404).json(errorBody(404, `No ${what} has the id "${id}"`));
}

/** The one error path, answered in JSON: a 400 names its parameter; anything unexpected is logged. */
export const apiErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const { status, message, problems, retryAfterSeconds } = answerFor(error);
  if (status >= 500) req.log?.error({ err: error }, 'API request failed');
  if (retryAfterSeconds !== null) res.setHeader('Retry-After', String(retryAfterSeconds));
  const [problem] = problems;
  const told =
    message ?? (status === 503 ? 'The directory is unavailable; try again shortly' : 'Something went wrong');
  res.status(status).json(errorBody(status, problem?.message ?? told, problem?.field));
};
