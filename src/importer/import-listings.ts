// Validate everything first, then store in atomic batches: the contract every listing importer keeps.
import type { DataSource } from 'typeorm';
import { storeListings } from '../db/listing-store.js';
import type { Listing, RecordPosition, Rejection } from './listing.js';

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  /** Service ids written (new or changed), for search index sync. */
  changedIds: string[];
}

export interface ConvertedSource {
  listings: { listing: Listing; position: RecordPosition }[];
  rejections: Rejection[];
}

export interface ImportOptions {
  source: string;
  dryRun?: boolean;
  batchSize?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

async function existingIds(dataSource: DataSource, table: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = (await dataSource.query(`SELECT id FROM ${table} WHERE id = ANY($1)`, [ids])) as {
    id: string;
  }[];
  return new Set(rows.map((r) => r.id));
}

/** Rejects listings that point at organisations or taxonomy terms that exist neither in the import nor in the database. */
async function checkReferences(dataSource: DataSource, converted: ConvertedSource): Promise<ConvertedSource> {
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
  const knownOrganizations = await existingIds(dataSource, 'organization', [...new Set(wantedOrganizations)]);
  const knownTerms = await existingIds(dataSource, 'taxonomy_term', [...new Set(wantedTerms)]);
  const parents = converted.listings
    .flatMap(({ listing }) => listing.terms.map((t) => t.parent_id))
    .filter((id): id is string => !!id);
  const knownParents = await existingIds(dataSource, 'taxonomy_term', [...new Set(parents)]);

  const listings: ConvertedSource['listings'] = [];
  const rejections = [...converted.rejections];
  for (const item of converted.listings) {
    const { listing } = item;
    const reasons: string[] = [];
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
  dataSource: DataSource,
  converted: ConvertedSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const checked = await checkReferences(dataSource, converted);
  const report: ImportReport = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: checked.rejections.length,
    rejections: checked.rejections.sort(
      (a, b) => a.position.file.localeCompare(b.position.file) || a.position.index - b.position.index,
    ),
    changedIds: [],
  };
  const batchSize = options.batchSize ?? 500;
  const total = checked.listings.length;
  options.onProgress?.(0, total);
  for (let i = 0; i < total; i += batchSize) {
    const batch = checked.listings.slice(i, i + batchSize).map((item) => item.listing);
    const result = await storeListings(dataSource, batch, {
      source: options.source,
      dryRun: options.dryRun,
      now: options.now,
    });
    report.imported += result.inserted.length;
    report.updated += result.updated.length;
    report.unchanged += result.unchanged.length;
    report.changedIds.push(...result.inserted, ...result.updated);
    options.onProgress?.(Math.min(i + batchSize, total), total);
  }
  return report;
}
