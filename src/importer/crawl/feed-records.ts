// One service record as a live feed gave it: its content hash, the fields that hold HTML, and its attributes
// completed from the feed's own taxonomy terms when it names a term by id only.
import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON with every object's keys sorted: the same record gives the same text whatever order the feed used. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export const contentHash = (record: unknown) =>
  createHash('sha256').update(canonicalJson(record)).digest('base64url');

const MARKUP = /<\/?[a-z][^>]*>/i;

/** The fields (as paths: "description", "service_at_locations[0].location.name") whose text holds HTML tags. */
export function fieldsWithHtml(record: unknown, at = ''): string[] {
  if (typeof record === 'string') return MARKUP.test(record) ? [at] : [];
  if (Array.isArray(record)) return record.flatMap((item, i) => fieldsWithHtml(item, `${at}[${i}]`));
  if (isObject(record))
    return Object.entries(record).flatMap(([key, value]) => fieldsWithHtml(value, at ? `${at}.${key}` : key));
  return [];
}

/** The feed's taxonomies and terms by id, as /taxonomies and /taxonomy_terms list them. */
export interface FeedVocabulary {
  taxonomies: Map<string, Json>;
  terms: Map<string, Json>;
}

/**
 * An attribute naming its term by id only (`taxonomy_term_id`) is given the term (and its taxonomy) from the feed's
 * own lists, as a file import of the same records would need them spelled out.
 */
export function withFeedTerms(record: unknown, vocabulary: FeedVocabulary): unknown {
  if (!isObject(record) || !Array.isArray(record.attributes) || vocabulary.terms.size === 0) return record;
  const attributes = record.attributes.map((attribute: unknown) => {
    if (!isObject(attribute) || attribute.taxonomy_term || attribute.taxonomy_term_id == null)
      return attribute;
    const term = vocabulary.terms.get(String(attribute.taxonomy_term_id));
    if (!term) return attribute;
    const taxonomy =
      term.taxonomy_detail ??
      (term.taxonomy_id != null ? vocabulary.taxonomies.get(String(term.taxonomy_id)) : undefined);
    return { ...attribute, taxonomy_term: taxonomy ? { ...term, taxonomy_detail: taxonomy } : term };
  });
  return { ...record, attributes };
}

/** A listed record's id as text, or null when it has none. */
export function recordId(record: unknown): string | null {
  if (!isObject(record)) return null;
  const id = record.id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return typeof id === 'string' && id.trim() ? id : null;
}
