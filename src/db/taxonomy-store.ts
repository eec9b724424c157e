// Imported taxonomies (e.g. the OpenActive Activity List) in the HSDS taxonomy tables, upserted set-based.
import type { Queryable } from './queryable.js';
import { insertRows } from './batch-insert.js';

export interface TaxonomyRecord {
  id: string;
  name: string;
  description: string | null;
  uri: string | null;
  version: string | null;
}

export interface TaxonomyTermRecord {
  id: string;
  code: string | null;
  name: string;
  description: string | null;
  parent_id: string | null;
  taxonomy: string;
  taxonomy_id: string;
  language: string | null;
  term_uri: string | null;
  synonyms: string[];
}

export interface TermMergeCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

/**
 * Stores the taxonomy and its terms; counts terms that are new, changed or already as given. Terms no
 * longer in the source stay: attributes on listings may still point at them.
 */
export async function mergeTaxonomy(
  db: Queryable,
  taxonomy: TaxonomyRecord,
  terms: readonly TaxonomyTermRecord[],
  options: { dryRun?: boolean } = {},
): Promise<TermMergeCounts> {
  if (!options.dryRun) {
    await insertRows(
      db,
      'taxonomy',
      [
        ['id', 'text'],
        ['name', 'text'],
        ['description', 'text'],
        ['uri', 'text'],
        ['version', 'text'],
      ],
      [taxonomy],
      { key: ['id'], update: true },
    );
  }
  // parent_id is checked at the end of the statement, so a term may come before its parent in one batch.
  const rows = (await db.query(
    `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(id text, code text, name text, description text,
         parent_id text, taxonomy text, taxonomy_id text, language text, term_uri text, synonyms text[])
     ),
     compared AS (
       SELECT i.*, t.id IS NULL AS is_new,
         t.id IS NOT NULL AND (t.code, t.name, t.description, t.parent_id, t.taxonomy, t.taxonomy_id,
           t.language, t.term_uri, t.synonyms) IS DISTINCT FROM (i.code, i.name, i.description, i.parent_id,
           i.taxonomy, i.taxonomy_id, i.language, i.term_uri, i.synonyms) AS is_changed
       FROM incoming i LEFT JOIN taxonomy_term t ON t.id = i.id
     ),
     -- A data-modifying CTE runs to completion even though the SELECT below does not read it.
     written AS (
       INSERT INTO taxonomy_term (id, code, name, description, parent_id, taxonomy, taxonomy_id, language,
         term_uri, synonyms)
       SELECT id, code, name, description, parent_id, taxonomy, taxonomy_id, language, term_uri,
         coalesce(synonyms, '{}') FROM compared
       WHERE (is_new OR is_changed) AND NOT $2::boolean
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name,
         description = EXCLUDED.description, parent_id = EXCLUDED.parent_id, taxonomy = EXCLUDED.taxonomy,
         taxonomy_id = EXCLUDED.taxonomy_id, language = EXCLUDED.language, term_uri = EXCLUDED.term_uri,
         synonyms = EXCLUDED.synonyms
     )
     SELECT count(*) FILTER (WHERE is_new) AS imported, count(*) FILTER (WHERE is_changed) AS updated,
       count(*) FILTER (WHERE NOT is_new AND NOT is_changed) AS unchanged
     FROM compared`,
    [JSON.stringify(terms), options.dryRun ?? false],
  )) as TermMergeCounts[];
  const { imported, updated, unchanged } = rows[0];
  return { imported, updated, unchanged };
}

/** A term with its parent's name, for checks and the read API. */
export async function findTermByName(
  db: Queryable,
  taxonomyId: string,
  name: string,
): Promise<(TaxonomyTermRecord & { parent_name: string | null }) | null> {
  const rows = (await db.query(
    `SELECT t.id, t.code, t.name, t.description, t.parent_id, t.taxonomy, t.taxonomy_id, t.language,
       t.term_uri, t.synonyms, p.name AS parent_name
     FROM taxonomy_term t LEFT JOIN taxonomy_term p ON p.id = t.parent_id
     WHERE t.taxonomy_id = $1 AND lower(t.name) = lower($2)`,
    [taxonomyId, name],
  )) as (TaxonomyTermRecord & { parent_name: string | null })[];
  return rows[0] ?? null;
}
