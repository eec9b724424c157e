// Index settings: what is searched (name before terms before organisation before description),
// filtered, sorted and faceted, and need synonyms from the directory's own vocabulary.
import type { Settings } from 'meilisearch';
import { vocabularies } from '../../domain/vocabulary.js';
import { FILLER_WORDS } from '../../domain/query-words.js';
import { expansionLinks } from '../../domain/query-expansion.js';

/** Totals are exact up to this many matches; whole result sets beyond it are streamed from Postgres. */
export const MAX_TOTAL_HITS = 100000;

/** The live index; a reindex builds `${ACTIVITY_INDEX}_new` and swaps it in. */
export const ACTIVITY_INDEX = 'activities';

/**
 * Each synonym finds its term's name and the name finds every synonym, both ways; and a synonym in other words than
 * the providers' finds the words they use (query expansion, as the Postgres engine: "died" finds "bereavement").
 */
export function vocabularySynonyms(): Record<string, string[]> {
  const synonyms = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    const key = from.toLowerCase();
    if (key === to.toLowerCase()) return;
    const set = synonyms.get(key) ?? new Set<string>();
    set.add(to.toLowerCase());
    synonyms.set(key, set);
  };
  for (const v of vocabularies) {
    for (const term of v.terms) {
      for (const synonym of term.synonyms) {
        link(synonym, term.name);
        link(term.name, synonym);
      }
    }
  }
  for (const { synonym, listingWords } of expansionLinks())
    for (const word of listingWords) link(synonym, word);
  return Object.fromEntries([...synonyms].map(([key, set]) => [key, [...set].sort()]));
}

export function activityIndexSettings(): Settings {
  return {
    searchableAttributes: ['name', 'term_names', 'term_synonyms', 'organization_name', 'description'],
    filterableAttributes: [
      // Activities with sessions on dates past the indexed ones, expanded for a search (far-sessions.ts).
      'id',
      '_geo',
      'status',
      'needs',
      'activity_types',
      'suitability',
      'is_free',
      'is_online',
      'from_home',
      'area_min_lat',
      'area_max_lat',
      'area_min_lng',
      'area_max_lng',
      'session_dates',
      'session_days',
      'session_parts',
      'session_buckets',
      'term_ids',
      'taxonomy_ids',
      'organization_id',
      'minimum_age',
      'maximum_age',
      'modified_at',
    ],
    sortableAttributes: ['_geo', 'status_rank', 'next_session_at', 'assured_day', 'name'],
    // Sort (distance, soonest session) only breaks ties between equally good text matches.
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    },
    synonyms: vocabularySynonyms(),
    // The framing words the Postgres engine leaves out too (meaningfulWords).
    stopWords: [...FILLER_WORDS],
    faceting: { maxValuesPerFacet: 100 },
    // Totals must be exact for paging; the directory is far smaller than this.
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
  };
}
