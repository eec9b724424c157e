// The public address the server last served on, so a command run apart from it (npm run freshness) e-mails the
// same links without BASE_URL being exported again by hand.
import type { Queryable } from './rows.js';

const KEY = 'public_base_url';

export async function recordPublicAddress(db: Queryable, baseUrl: string): Promise<void> {
  await db.query(
    `INSERT INTO directory_metadata (key, value) VALUES ($1, to_jsonb($2::text))
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [KEY, baseUrl],
  );
}

export async function recordedPublicAddress(db: Queryable): Promise<string | null> {
  const rows = (await db.query(`SELECT value FROM directory_metadata WHERE key = $1`, [KEY])) as {
    value: unknown;
  }[];
  return typeof rows[0]?.value === 'string' ? rows[0].value : null;
}
