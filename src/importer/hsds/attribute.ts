// HSDS attribute with its taxonomy_term (and the term's taxonomy) → attribute, term and taxonomy rows.
import { z } from 'zod';
import { id, optionalId, text } from '../fields.js';
import type { AttributeRow, TaxonomyRow, TaxonomyTermRow } from '../listing.js';
import { orNull, partId, type ListingParts } from './service-parts.js';

const hsdsTaxonomy = z.object({
  id: id,
  name: text,
  description: text.optional(),
  uri: text.optional(),
  version: text.optional(),
});

const hsdsTaxonomyTerm = z.object({
  id: id,
  code: text.optional(),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  description: text.optional(),
  parent_id: optionalId.optional(),
  taxonomy: text.optional(),
  taxonomy_detail: hsdsTaxonomy.nullable().optional(),
  taxonomy_id: optionalId.optional(),
  language: text.optional(),
  term_uri: text.optional(),
});

export const hsdsAttribute = z
  .object({
    id: optionalId,
    taxonomy_term_id: optionalId.optional(),
    taxonomy_term: hsdsTaxonomyTerm.nullable().optional(),
    link_type: text.optional(),
    value: text.optional(),
  })
  .refine((a) => a.taxonomy_term_id || a.taxonomy_term, 'needs a taxonomy_term or taxonomy_term_id');

type HsdsTaxonomyTerm = z.infer<typeof hsdsTaxonomyTerm>;

/** The taxonomy a term names: its full detail, or only an id (and perhaps a name) to stand for it. */
function taxonomyRow(term: HsdsTaxonomyTerm, taxonomyId: string | null): TaxonomyRow | null {
  const detail = term.taxonomy_detail;
  if (detail) {
    return {
      id: detail.id,
      name: detail.name ?? term.taxonomy ?? detail.id,
      description: orNull(detail.description),
      uri: orNull(detail.uri),
      version: orNull(detail.version),
    };
  }
  if (!taxonomyId) return null;
  return { id: taxonomyId, name: term.taxonomy ?? taxonomyId, description: null, uri: null, version: null };
}

/** A service's attributes; each term and taxonomy is given once, where the document first spells it out. */
export function attributeParts(
  attributes: z.infer<typeof hsdsAttribute>[] | undefined,
  serviceId: string,
): ListingParts {
  const parts: { taxonomies: TaxonomyRow[]; terms: TaxonomyTermRow[]; attributes: AttributeRow[] } = {
    taxonomies: [],
    terms: [],
    attributes: [],
  };
  const taxonomyIds = new Set<string>();
  const termIds = new Set<string>();
  (attributes ?? []).forEach((a, i) => {
    const term = a.taxonomy_term;
    const termId = term?.id ?? a.taxonomy_term_id!;
    if (term && !termIds.has(term.id)) {
      termIds.add(term.id);
      const taxonomyId = term.taxonomy_detail?.id ?? orNull(term.taxonomy_id);
      const taxonomy = taxonomyRow(term, taxonomyId);
      if (taxonomy && !taxonomyIds.has(taxonomy.id)) {
        taxonomyIds.add(taxonomy.id);
        parts.taxonomies.push(taxonomy);
      }
      parts.terms.push({
        id: term.id,
        code: orNull(term.code),
        name: term.name,
        description: orNull(term.description),
        parent_id: orNull(term.parent_id),
        taxonomy: orNull(term.taxonomy),
        taxonomy_id: taxonomyId,
        language: orNull(term.language),
        term_uri: orNull(term.term_uri),
      });
    }
    parts.attributes.push({
      id: partId(serviceId, a.id, 'attribute', i),
      link_id: serviceId,
      taxonomy_term_id: termId,
      link_type: orNull(a.link_type),
      link_entity: 'service',
      value: orNull(a.value),
    });
  });
  return parts;
}
