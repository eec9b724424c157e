// Paging for the Open Referral UK read API: a filtered set of rows served a page at a time in display order,
// or walked in id order in keyset batches for streaming.
import type { Queryable } from '../queryable.js';

/** The one filter most list endpoints take: words to find. */
export interface TextFilter {
  text: string | null;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface IdPage {
  total: number;
  ids: string[];
}

/** Only these are public; inactive and defunct services are kept for history but never served. */
export const LISTED = `('active', 'temporarily closed')`;

/** Builds positional parameters as a query is assembled. */
export class Params {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A filtered set of rows with a text id: paged in display order, or walked in id order. */
export interface Selection {
  from: string;
  id: string;
  where: string[];
  params: Params;
  /** The display order; adds its own parameters, used only by the page query. */
  order: (p: Params) => string;
}

async function pageOf(db: Queryable, selection: Selection, request: PageRequest): Promise<IdPage> {
  const { from, id, where, params } = selection;
  const condition = where.length ? `WHERE ${where.join('\n AND ')}` : '';
  // One pass: the filter is evaluated once for the page and its total (a window count over every match).
  const ordered = new Params(params.values);
  const order = selection.order(ordered);
  const rows = (await db.query(
    `SELECT ${id} AS id, count(*) OVER () AS total FROM ${from} ${condition} ORDER BY ${order}
     LIMIT ${request.perPage} OFFSET ${(request.page - 1) * request.perPage}`,
    ordered.values,
  )) as { id: string; total: number }[];
  if (rows.length > 0 || request.page === 1) {
    return { total: Number(rows[0]?.total ?? 0), ids: rows.map((row) => row.id) };
  }
  // A page past the end has no row to carry the total. Postgres rejects parameters a statement does not
  // use, so the count gets only the filter's own.
  const counted = (await db.query(`SELECT count(*) AS total FROM ${from} ${condition}`, params.values)) as {
    total: number;
  }[];
  return { total: Number(counted[0]?.total ?? 0), ids: [] };
}

async function batchAfter(
  db: Queryable,
  selection: Selection,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const { from, id } = selection;
  const params = new Params(selection.params.values);
  const where = [...selection.where];
  // Byte order ("C") on both sides, so the cursor and the sort agree whatever the database locale.
  if (afterId !== null) where.push(`${id} COLLATE "C" > ${params.add(afterId)}`);
  const rows = (await db.query(
    `SELECT ${id} AS id FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${id} COLLATE "C" LIMIT ${limit}`,
    params.values,
  )) as { id: string }[];
  return rows.map((row) => row.id);
}

/** A full-text match of `text` against a document built in SQL. */
export const textSearch = (p: Params, text: string, document: string) =>
  `to_tsvector('english', directory_unaccent(${document})) @@ websearch_to_tsquery('english', directory_unaccent(${p.add(text)}))`;

/** One list endpoint's queries over the selection its filter makes: a page in display order, or a batch. */
export function listQueries<Filter>(select: (filter: Filter) => Selection) {
  return {
    page: (db: Queryable, filter: Filter, request: PageRequest) => pageOf(db, select(filter), request),
    batch: (db: Queryable, filter: Filter, afterId: string | null, limit: number) =>
      batchAfter(db, select(filter), afterId, limit),
  };
}
