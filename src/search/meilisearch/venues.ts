// Services at locations for the Meilisearch engine: Meilisearch holds one document per activity, so its
// ordered activities are opened out into their venues here, in Postgres, as the Postgres engine does.
import type { Queryable } from '../../db/queryable.js';
import type { IdPage, SearchQuery } from '../engine.js';
import { venueDistanceSql } from '../venue-distance.js';

/** Each activity's venues in the activity's place in the order (by distance, each venue by its own);
 * within a radius only the venues inside it. */
export async function venuePage(
  db: Queryable,
  serviceIds: string[],
  query: SearchQuery,
  paged: boolean,
): Promise<IdPage> {
  const values: unknown[] = [serviceIds];
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const { distance, within } = venueDistanceSql(query, add);
  const order =
    query.sort === 'distance'
      ? `${distance} ASC NULLS LAST, m.n, sal.id`
      : `m.n, ${distance} ASC NULLS LAST, l.name, sal.id`;
  const paging = paged ? `LIMIT ${add(query.perPage)} OFFSET ${add((query.page - 1) * query.perPage)}` : '';
  const rows = (await db.query(
    `SELECT sal.id, count(*) OVER () AS total
     FROM unnest($1::text[]) WITH ORDINALITY AS m(id, n)
     JOIN service_at_location sal ON sal.service_id = m.id JOIN location l ON l.id = sal.location_id
     ${within} ORDER BY ${order} ${paging}`,
    values,
  )) as { id: string; total: number }[];
  if (rows.length === 0 && paged && query.page > 1) {
    return {
      ids: [],
      total: (await venuePage(db, serviceIds, { ...query, page: 1, perPage: 1 }, true)).total,
    };
  }
  return { ids: rows.map((row) => row.id), total: Number(rows[0]?.total ?? 0) };
}
