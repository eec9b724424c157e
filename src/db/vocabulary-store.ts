// Keeps the directory's own vocabulary (needs, activity types, suitability) in the taxonomy tables.
import type { Transactional } from './queryable.js';
import { vocabularies } from '../domain/vocabulary.js';
import { insertRows } from './batch-insert.js';

export async function syncVocabulary(dataSource: Transactional): Promise<void> {
  await dataSource.transaction(async (db) => {
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
  });
}
