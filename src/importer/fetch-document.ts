// A document published at an address (an Open Referral UK v1 dump), fetched whole into a temporary file so the
// importers read it as they read any file; `done` removes the file.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A v1 document is fetched within this long. */
export const DOCUMENT_TIMEOUT_MS = 5 * 60 * 1000;

export async function fetchDocument(
  url: string,
  userAgent: string,
): Promise<{ file: string; done: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'feed-'));
  const done = () => rm(folder, { recursive: true, force: true });
  try {
    const res = await fetch(url, {
      headers: { 'user-agent': userAgent, accept: 'application/json' },
      signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS),
    });
    if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status} ${res.statusText}`.trim());
    const file = path.join(folder, 'feed.json');
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(file));
    return { file, done };
  } catch (error) {
    await done();
    throw error;
  }
}
