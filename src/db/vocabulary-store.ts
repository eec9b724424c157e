// Keeps the directory's own vocabulary (needs, activity types, suitability) in the taxonomy tables.
import type { Transactional } from './queryable.js';
import { vocabularies } from '../domain/vocabulary.js';
import { insertRows } from './batch-insert.js';

export async function syncVocabulary(dataSource: Transactional): Promise<void> {
  await dataSource.transaction(async (db) => {
    // Search entries carry term names and synonyms (see the search-text-fields migration): a term whose words
    // change has its listings' entries rebuilt, so a search never reads the old words.
    const stored = (await db.query(
      `SELECT id, name || '|' || array_to_string(synonyms, '|') AS words FROM taxonomy_term WHERE id = ANY($1)`,
      [vocabularies.flatMap((v) => v.terms.map((t) => t.id))],
    )) as { id: string; words: string }[];
    const before = new Map(stored.map((row) => [row.id, row.words]));
    const changed = vocabularies
      .flatMap((v) => v.terms)
      .filter((t) => before.has(t.id) && before.get(t.id) !== [t.name, ...t.synonyms].join('|'))
      .map((t) => t.id);
    await insertRows(
      db,
      'taxonomy',
      [
        ['id', 'text'],
        ['name', 'text'],
        ['description', 'text'],
      ],
      vocabularies.map((v) => ({ id: v.id, name: v.name, description: v.description })),
      { key: ['id'], update: true },
    );
    await insertRows(
      db,
      'taxonomy_term',
      [
        ['id', 'text'],
        ['code', 'text'],
        ['name', 'text'],
        ['description', 'text'],
        ['taxonomy', 'text'],
        ['taxonomy_id', 'text'],
        ['synonyms', 'text[]'],
      ],
      vocabularies.flatMap((v) =>
        v.terms.map((t) => ({
          id: t.id,
          code: t.code,
          name: t.name,
          description: t.description,
          taxonomy: v.name,
          taxonomy_id: v.id,
          synonyms: t.synonyms,
        })),
      ),
      { key: ['id'], update: true },
    );
    if (changed.length) {
      await db.query(
        `SELECT rebuild_search_entries(ARRAY(SELECT id FROM service WHERE term_ids && $1::text[]))`,
        [changed],
      );
    }
  });
}
