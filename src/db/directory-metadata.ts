// Facts about the directory as a whole, kept in directory_metadata: whether it holds the sample listings, and
// the public address the server last served on (so a command run apart from it, npm run freshness, e-mails the
// same links without BASE_URL being exported again by hand).
import type { Queryable } from './queryable.js';

const SAMPLE_DATA = 'sample_data';
const PUBLIC_ADDRESS = 'public_base_url';

async function readValue(db: Queryable, key: string): Promise<unknown> {
  const rows = (await db.query(`SELECT value FROM directory_metadata WHERE key = $1`, [key])) as {
    value: unknown;
  }[];
  return rows[0]?.value;
}

async function writeValue(db: Queryable, key: string, json: string): Promise<void> {
  await db.query(
    `INSERT INTO directory_metadata (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, json],
  );
}

/** Nothing listed and no gazetteer: the state in which the first start loads the sample data. */
export async function isDirectoryEmpty(db: Queryable): Promise<boolean> {
  const rows = (await db.query(
    'SELECT (SELECT count(*) FROM service) + (SELECT count(*) FROM place) AS n',
  )) as { n: number }[];
  return rows[0].n === 0;
}

export const markSampleData = (db: Queryable) => writeValue(db, SAMPLE_DATA, 'true');

/** Listings imported from a real source: the sample listings are no longer all the directory holds. */
export const clearSampleData = async (db: Queryable) => {
  await db.query(`DELETE FROM directory_metadata WHERE key = $1`, [SAMPLE_DATA]);
};

export const holdsSampleData = async (db: Queryable) => (await readValue(db, SAMPLE_DATA)) === true;

export const recordPublicAddress = (db: Queryable, baseUrl: string) =>
  writeValue(db, PUBLIC_ADDRESS, JSON.stringify(baseUrl));

export async function recordedPublicAddress(db: Queryable): Promise<string | null> {
  const value = await readValue(db, PUBLIC_ADDRESS);
  return typeof value === 'string' ? value : null;
}
