// The OpenActive Activity List (SKOS concepts as JSON-LD) as an HSDS taxonomy, so activity types can be
// tagged with the same terms the sport and leisure sector publishes its sessions with.
import { readFile } from 'node:fs/promises';
import type { Stores, TaxonomyRecord, TaxonomyTermRecord } from '../db/stores.js';
import { z } from 'zod';
import { plainText } from '../domain/text.js';
import type { ImportReport } from './import-listings.js';
import { shown, type ImportFormatHandler, type RunImportOptions } from './import-format.js';
import { RejectionTally } from './rejection-tally.js';

const labels = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

const conceptSchema = z.object({
  id: z.url(),
  identifier: z.string().optional(),
  prefLabel: z.string().refine((label) => plainText(label) !== '', 'is empty'),
  altLabel: labels.optional(),
  broader: labels.optional(),
  definition: z.string().optional(),
});

const schemeSchema = z.object({
  id: z.url(),
  title: z.string().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  concept: z.array(z.unknown()).min(1),
});

type Concept = z.infer<typeof conceptSchema>;

/** The UUID after "#" is the concept's stable code; the whole URL stays as the id and term_uri. */
const conceptCode = (concept: Concept) => concept.identifier ?? concept.id.split('#').pop() ?? concept.id;

export interface ConvertedTaxonomy {
  taxonomy: TaxonomyRecord;
  terms: TaxonomyTermRecord[];
}

export function convertConceptScheme(
  document: unknown,
  file: string,
  tally: RejectionTally,
): ConvertedTaxonomy {
  const scheme = schemeSchema.safeParse(document);
  if (!scheme.success) {
    const issue = scheme.error.issues[0];
    throw new Error(
      `${file}: not a SKOS concept scheme (${issue.path.join('.') || 'document'}: ${issue.message})`,
    );
  }
  const name = plainText(scheme.data.title);
  const taxonomy: TaxonomyRecord = {
    id: scheme.data.id,
    name,
    description: scheme.data.description ? plainText(scheme.data.description) : null,
    uri: scheme.data.id,
    version: scheme.data.version ?? null,
  };
  const concepts: Concept[] = [];
  scheme.data.concept.forEach((raw, index) => {
    const concept = conceptSchema.safeParse(raw);
    if (concept.success) concepts.push(concept.data);
    else {
      const issue = concept.error.issues[0];
      tally.add(`${issue.path.join('.') || 'concept'}: ${issue.message}`, { file, index });
    }
  });
  const ids = new Set(concepts.map((c) => c.id));
  const terms = concepts.map((concept) => {
    const label = plainText(concept.prefLabel);
    return {
      id: concept.id,
      code: conceptCode(concept),
      name: label,
      description: concept.definition ? plainText(concept.definition) || label : label,
      // HSDS has one parent; SKOS allows several, and the first is the one the list itself leads with.
      parent_id: concept.broader?.find((parent) => ids.has(parent)) ?? null,
      taxonomy: name,
      taxonomy_id: taxonomy.id,
      language: 'en',
      term_uri: concept.id,
      synonyms: (concept.altLabel ?? []).map(plainText).filter(Boolean),
    };
  });
  return { taxonomy, terms: [...new Map(terms.map((t) => [t.id, t])).values()] };
}

async function importOpenActive(
  stores: Stores,
  target: string,
  options: RunImportOptions,
): Promise<ImportReport> {
  const file = shown(target);
  let document: unknown;
  try {
    document = JSON.parse(await readFile(target, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not JSON-LD (${error instanceof Error ? error.message : String(error)})`);
  }
  const tally = new RejectionTally();
  const { taxonomy, terms } = convertConceptScheme(document, file, tally);
  const counts = await stores.transaction((db) =>
    db.taxonomies.mergeTaxonomy(taxonomy, terms, { dryRun: options.dryRun }),
  );
  return { ...counts, rejected: tally.total, rejections: tally.toRejections(), changedIds: [] };
}

export const openActiveFormat: ImportFormatHandler = {
  name: 'openactive',
  description: 'OpenActive Activity List (SKOS JSON-LD) as a taxonomy of activity types',
  extensions: ['.jsonld', '.json'],
  run: importOpenActive,
};
