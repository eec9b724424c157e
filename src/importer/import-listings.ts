// Validate everything first, then store in atomic batches: the contract every listing importer keeps.
import type { Stores } from '../db/stores.js';
import { dropUnsafeLinks } from './link-fields.js';
import {
  describePosition,
  type ImportWarning,
  type Listing,
  type RecordPosition,
  type Rejection,
} from './listing.js';

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  /** Values left out of records that were imported (with position and field), e.g. unsafe links. */
  warnings?: ImportWarning[];
  /** Service ids written (new or changed), for search index sync. */
  changedIds: string[];
  /** Format-specific summary lines, e.g. how much opening-times text became schedules. */
  details?: string[];
}

export interface ConvertedSource {
  listings: { listing: Listing; position: RecordPosition }[];
  rejections: Rejection[];
}

export interface ImportOptions {
  source: string;
  dryRun?: boolean;
  batchSize?: number;
  /** Batches stored at the same time (default 2). */
  concurrency?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

/** The parts a service owns outright; shared parts (organisations, venues, terms) may repeat. */
const OWNED_PARTS: [string, (l: Listing) => { id: string }[]][] = [
  ['service_at_locations', (l) => l.serviceAtLocations],
  ['schedules', (l) => l.schedules],
  ['phones', (l) => l.phones],
  ['contacts', (l) => l.contacts],
  ['cost_options', (l) => l.costOptions],
  ['service_areas', (l) => l.serviceAreas],
  ['attributes', (l) => l.attributes],
];

/** An id used twice for a service's own parts would make one overwrite the other: say where instead. */
function childIdClashes(
  listing: Listing,
  position: RecordPosition,
  owners: Map<string, RecordPosition>,
): string[] {
  const reasons: string[] = [];
  const mine = new Map<string, RecordPosition>();
  for (const [part, rows] of OWNED_PARTS) {
    for (const { id } of rows(listing)) {
      const key = `${part}|${id}`;
      if (mine.has(key)) reasons.push(`${part}: id "${id}" is used twice in this service`);
      else if (owners.has(key)) {
        reasons.push(`${part}: id "${id}" is already used by ${describePosition(owners.get(key)!)}`);
      }
      mine.set(key, position);
    }
  }
  if (reasons.length === 0) for (const [key, at] of mine) owners.set(key, at);
  return [...new Set(reasons)];
}

/** Rejects listings that point at organisations or taxonomy terms that exist neither in the import nor in the database. */
async function checkReferences(stores: Stores, converted: ConvertedSource): Promise<ConvertedSource> {
  const organizations = new Set<string>();
  const terms = new Set<string>();
  for (const { listing } of converted.listings) {
    if (listing.organization) organizations.add(listing.organization.id);
    for (const term of listing.terms) terms.add(term.id);
  }
  const wantedOrganizations = converted.listings
    .map(({ listing }) => listing.service.organization_id)
    .filter((id): id is string => id !== null && !organizations.has(id));
  const wantedTerms = converted.listings.flatMap(({ listing }) =>
    listing.attributes.map((a) => a.taxonomy_term_id).filter((id) => !terms.has(id)),
  );
  const { existingIds } = stores.listings;
  const knownOrganizations = await existingIds('organization', [...new Set(wantedOrganizations)]);
  const knownTerms = await existingIds('taxonomy_term', [...new Set(wantedTerms)]);
  const parents = converted.listings
    .flatMap(({ listing }) => listing.terms.map((t) => t.parent_id))
    .filter((id): id is string => !!id);
  const knownParents = await existingIds('taxonomy_term', [...new Set(parents)]);

  const listings: ConvertedSource['listings'] = [];
  const rejections = [...converted.rejections];
  const firstUse = new Map<string, RecordPosition>();
  const childOwners = new Map<string, RecordPosition>();
  for (const item of converted.listings) {
    const { listing } = item;
    const reasons: string[] = [];
    // Two different records under one id would overwrite each other in turn: keep the first, report the rest.
    const first = firstUse.get(listing.service.id);
    if (first) reasons.push(`id: "${listing.service.id}" is already used by ${describePosition(first)}`);
    else firstUse.set(listing.service.id, item.position);
    reasons.push(...childIdClashes(listing, item.position, childOwners));
    const orgId = listing.service.organization_id;
    if (orgId && !organizations.has(orgId) && !knownOrganizations.has(orgId)) {
      reasons.push(`organization_id: no organisation "${orgId}" in this import or the directory`);
    }
    listing.attributes.forEach((a, i) => {
      if (!terms.has(a.taxonomy_term_id) && !knownTerms.has(a.taxonomy_term_id)) {
        reasons.push(
          `attributes[${i}].taxonomy_term_id: no taxonomy term "${a.taxonomy_term_id}" in this import or the directory`,
        );
      }
    });
    for (const term of listing.terms) {
      if (term.parent_id && !terms.has(term.parent_id) && !knownParents.has(term.parent_id))
        term.parent_id = null;
    }
    if (reasons.length) rejections.push({ position: item.position, id: listing.service.id, reasons });
    else listings.push(item);
  }
  return { listings, rejections };
}

export async function importListings(
  stores: Stores,
  converted: ConvertedSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const checked = await checkReferences(stores, converted);
  const warnings = checked.listings.flatMap(({ listing, position }) => dropUnsafeLinks(listing, position));
  const report: ImportReport = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: checked.rejections.length,
    rejections: checked.rejections.sort(
      (a, b) => a.position.file.localeCompare(b.position.file) || a.position.index - b.position.index,
    ),
    warnings,
    changedIds: [],
  };
  const batchSize = options.batchSize ?? 2000;
  const total = checked.listings.length;
  const starts = Array.from({ length: Math.ceil(total / batchSize) }, (_, i) => i * batchSize);
  let done = 0;
  options.onProgress?.(0, total);
  // Two batches in flight keep the database busy while this process prepares the next one; each is still
  // its own transaction, so an interrupted import leaves only whole activities behind.
  const worker = async () => {
    for (let start = starts.shift(); start !== undefined; start = starts.shift()) {
      const batch = checked.listings.slice(start, start + batchSize).map((item) => item.listing);
      const result = await storeBatch(stores, batch, options);
      report.imported += result.inserted.length;
      report.updated += result.updated.length;
      report.unchanged += result.unchanged.length;
      report.changedIds.push(...result.inserted, ...result.updated);
      done += batch.length;
      options.onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 2, starts.length || 1) }, worker));
  if (report.changedIds.length) await stores.listings.mergePendingSearchEntries();
  return report;
}

const DEADLOCK = '40P01';

/** Stores one batch; if two batches touched the same shared rows in a deadly order, the loser simply retries. */
async function storeBatch(stores: Stores, batch: Listing[], options: ImportOptions) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await stores.listings.storeListings(batch, {
        source: options.source,
        dryRun: options.dryRun,
        now: options.now,
      });
    } catch (error) {
      const failure = error as { code?: string; driverError?: { code?: string } };
      const code = failure.code ?? failure.driverError?.code;
      if (code !== DEADLOCK || attempt >= 5) throw error;
    }
  }
}
