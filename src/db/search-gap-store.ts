// Searches that found nothing, kept for the gap report: what was needed, roughly where, and when.
import type { Queryable } from './queryable.js';

export interface SearchGap {
  needs: string[];
  /** Postcode district nearest the searched point; never the full postcode or the words typed. */
  near: { latitude: number; longitude: number } | null;
  days: string[];
  times: string[];
  dateFrom: string | null;
  dateTo: string | null;
  freeOnly: boolean;
  searchedAt: Date;
}

export async function recordSearchGap(db: Queryable, gap: SearchGap): Promise<void> {
  await db.query(
    `INSERT INTO search_gap (searched_at, needs, outcode, days, times, date_from, date_to, free_only)
     VALUES ($1, $2,
       (SELECT p.key FROM place p
        WHERE $3::double precision IS NOT NULL AND p.kind = 'outcode'
          AND earth_box(ll_to_earth($3, $4), 20000) @> ll_to_earth(p.latitude, p.longitude)
        ORDER BY earth_distance(ll_to_earth(p.latitude, p.longitude), ll_to_earth($3, $4)) LIMIT 1),
       $5, $6, $7, $8, $9)`,
    [
      gap.searchedAt.toISOString(),
      gap.needs,
      gap.near?.latitude ?? null,
      gap.near?.longitude ?? null,
      gap.days,
      gap.times,
      gap.dateFrom,
      gap.dateTo,
      gap.freeOnly,
    ],
  );
}
