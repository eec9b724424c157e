// Taxonomies and their terms for the Open Referral UK API: list pages, and records with each term's taxonomy.
import type { Queryable } from '../queryable.js';
import { compact, inOrder, query, withUris, type OrukRecord, type Row } from './rows-to-records.js';
import { listQueries, Params, textSearch, type Selection, type TextFilter } from './selection.js';

export interface TaxonomyTermFilter extends TextFilter {
  taxonomyId: string | null;
  parentId: string | null;
  topOnly: boolean;
}

function taxonomySelection(filter: TextFilter): Selection {
  const p = new Params();
  const where = filter.text
    ? [textSearch(p, filter.text, `x.name || ' ' || coalesce(x.description, '')`)]
    : [];
  return { from: 'taxonomy x', id: 'x.id', where, order: () => 'x.name, x.id', params: p };
}

function taxonomyTermSelection(filter: TaxonomyTermFilter): Selection {
  const p = new Params();
  const where: string[] = [];
  if (filter.text) {
    where.push(
      textSearch(
        p,
        filter.text,
        `t.name || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.code, '') || ' ' || array_to_string(t.synonyms, ' ')`,
      ),
    );
  }
  if (filter.taxonomyId) where.push(`t.taxonomy_id = ${p.add(filter.taxonomyId)}`);
  if (filter.parentId) where.push(`t.parent_id = ${p.add(filter.parentId)}`);
  if (filter.topOnly) where.push('t.parent_id IS NULL');
  return {
    from: 'taxonomy_term t',
    id: 't.id',
    where,
    order: () => 't.taxonomy_id NULLS LAST, t.name, t.id',
    params: p,
  };
}

export const { page: taxonomyPage, batch: taxonomyBatch } = listQueries(taxonomySelection);
export const { page: taxonomyTermPage, batch: taxonomyTermBatch } = listQueries(taxonomyTermSelection);

const TERM_COLUMNS = `t.id, t.code, t.name, coalesce(t.description, '') AS description, t.parent_id, t.taxonomy,
  t.taxonomy_id, t.language, t.term_uri`;
const TAXONOMY_COLUMNS = `x.id, x.name, coalesce(x.description, '') AS description, x.uri, x.version`;

export const taxonomyRecord = (row: Row) => compact(withUris(row, ['uri']));
export const termRecord = (row: Row) => compact(withUris(row, ['term_uri']));

export async function taxonomies(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  if (!ids.length) return [];
  const rows = await query(db, `SELECT ${TAXONOMY_COLUMNS} FROM taxonomy x WHERE x.id = ANY($1)`, [ids]);
  return inOrder(ids, new Map(rows.map((row) => [row.id as string, taxonomyRecord(row)])));
}

/** The ids of every term in a taxonomy, parents before their children where names allow. */
export async function taxonomyTermIds(db: Queryable, taxonomyId: string): Promise<string[]> {
  const rows = await query(
    db,
    `SELECT t.id FROM taxonomy_term t WHERE t.taxonomy_id = $1 ORDER BY t.parent_id NULLS FIRST, t.name, t.id`,
    [taxonomyId],
  );
  return rows.map((row) => row.id as string);
}

export async function taxonomyTerms(db: Queryable, ids: string[]): Promise<OrukRecord[]> {
  if (!ids.length) return [];
  const rows = await query(
    db,
    `SELECT ${TERM_COLUMNS}, CASE WHEN x.id IS NULL THEN NULL ELSE jsonb_build_object(
         'id', x.id, 'name', x.name, 'description', coalesce(x.description, ''), 'uri', x.uri, 'version', x.version)
       END AS taxonomy_detail
     FROM taxonomy_term t LEFT JOIN taxonomy x ON x.id = t.taxonomy_id WHERE t.id = ANY($1)`,
    [ids],
  );
  const byId = new Map(
    rows.map((row) => {
      const { taxonomy_detail: detail, ...term } = row;
      const record = termRecord(term);
      if (detail) record.taxonomy_detail = taxonomyRecord(detail as Row);
      return [row.id as string, record];
    }),
  );
  return inOrder(ids, byId);
}
