// Open Referral UK v1 service feeds (e.g. Bristol's): flat services with an embedded organisation,
// HTML descriptions and PlaceCube extensions (pc_targetAudience), mapped onto our HSDS listings.
import type { Stores } from '../db/stores.js';
import { sanitiseDescription } from '../domain/text.js';
import { termByCode, type TaxonomyCode } from '../domain/vocabulary.js';
import { convertHsdsService } from './hsds/service.js';
import { importListingFiles, type ConvertedRecord, type ImportReport } from './import-listings.js';
import type { ImportFormatHandler, RunImportOptions } from './import-format.js';
import { jsonListingFiles } from './json-files.js';
import { normalisedName, stableId } from './stable-id.js';

type Raw = Record<string, unknown>;

const str = (value: unknown): string | null => {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
};

// Feed vocabularies → our terms; values not listed are kept only as text.
const DELIVERABLE_TYPES: Record<string, [TaxonomyCode, string]> = {
  'social activity': ['activity-types', 'social-group'],
  'peer group': ['activity-types', 'peer-support'],
  'volunteering opportunity': ['needs', 'volunteering'],
  'documented information/advice': ['activity-types', 'advice-session'],
};
const ATTENDING_TYPES: Record<string, [TaxonomyCode, string]> = {
  'information advice and guidance': ['activity-types', 'advice-session'],
};
const ACCESS: Record<string, [TaxonomyCode, string]> = {
  'drop-in': ['suitability', 'drop-in'],
  appointment: ['suitability', 'booking-required'],
};
/**
 * A record naming this many audiences or more says it is open to anyone ("Community Transport": people with long-term
 * conditions, carers, the bereaved, people with dementia…): none of them describes it, and tagging it with each
 * would put it among the bereavement and dementia services.
 */
const OPEN_TO_ANYONE = 6;
/** An audience says who a service is for, not whom it turns away: "Women" means women only when no one else is named. */
const ONLY: [RegExp, [TaxonomyCode, string]][] = [
  [/^women$/i, ['suitability', 'women-only']],
  [/^men$/i, ['suitability', 'men-only']],
];
const AUDIENCES: [RegExp, [TaxonomyCode, string]][] = [
  [/dementia/i, ['suitability', 'dementia-friendly']],
  [/lgbt|transgender|gay|lesbian/i, ['suitability', 'lgbtq-friendly']],
  [/carer/i, ['suitability', 'carers-welcome']],
  [/older|elderly|over 50|over 60|over 65/i, ['suitability', 'older-people']],
  [/young people|youth|teenager/i, ['suitability', 'young-people']],
  [/learning disab|autis/i, ['suitability', 'learning-disability-friendly']],
  [/long term health|chronically ill/i, ['needs', 'long-term-conditions']],
  [/bereave/i, ['needs', 'bereavement']],
];

interface Organisations {
  byId: Map<string, Raw>;
  idByName: Map<string, string>;
}

/** One organisation per id (first full record wins); organisations without an id are matched by name. */
function organisationFor(raw: unknown, organisations: Organisations): Raw | null {
  if (!raw || typeof raw !== 'object') return null;
  const org = raw as Raw;
  const name = str(org.name);
  if (!name) return null;
  const key = normalisedName(name);
  const id = str(org.id) ?? organisations.idByName.get(key) ?? stableId('organisation', key);
  // Kept for the whole import, so copied: a string read from the file can hold on to the text around it.
  if (!organisations.idByName.has(key)) organisations.idByName.set(structuredClone(key), structuredClone(id));
  const existing = organisations.byId.get(id);
  if (existing) return existing;
  const converted: Raw = structuredClone({
    id,
    name,
    description: str(org.description),
    website: str(org.url) ?? str(org.website),
    email: str(org.email),
    logo: str(org.logo),
    uri: str(org.uri),
  });
  organisations.byId.set(converted.id as string, converted);
  return converted;
}

/** One ORUK v1 service → the HSDS 3.0 shape our HSDS converter validates. */
export function orukServiceToHsds(record: Raw, organisations: Organisations): Raw {
  const id = str(record.id);
  const attending = str(record.attending_type);
  const access = str(record.attending_access);
  const terms: [TaxonomyCode, string][] = [];
  const deliverable = str(record.deliverable_type)?.toLowerCase();
  if (deliverable && DELIVERABLE_TYPES[deliverable]) terms.push(DELIVERABLE_TYPES[deliverable]);
  if (attending && ATTENDING_TYPES[attending.toLowerCase()])
    terms.push(ATTENDING_TYPES[attending.toLowerCase()]);
  if (access && ACCESS[access.toLowerCase()]) terms.push(ACCESS[access.toLowerCase()]);
  const audiences = Array.isArray(record.pc_targetAudience) ? (record.pc_targetAudience as Raw[]) : [];
  const named = new Set(audiences.map((a) => str(a?.audienceType)?.trim().toLowerCase()).filter(Boolean));
  if (named.size < OPEN_TO_ANYONE) {
    for (const audience of audiences) {
      const text = `${str(audience?.audienceType) ?? ''} ${str(audience?.id) ?? ''}`;
      for (const [pattern, term] of AUDIENCES) if (pattern.test(text)) terms.push(term);
    }
    for (const [pattern, term] of ONLY)
      if (named.size === 1 && pattern.test([...named][0]!)) terms.push(term);
  }
  const attributes = [...new Map(terms.map((t) => [t.join(':'), t])).values()].flatMap(([taxonomy, code]) => {
    const term = termByCode(taxonomy, code);
    return term ? [{ id: `${id}:attribute:${code}`, taxonomy_term_id: term.id }] : [];
  });

  const howToAttend = [
    access,
    str(record.pc_attendingAccess_additionalInfo),
    attending && /phone/i.test(attending) ? 'By phone' : null,
    attending && /home visit/i.test(attending) ? 'Home visits' : null,
  ].filter(Boolean);
  const online = attending !== null && /online|virtual|video/i.test(attending);
  const metadata = (record.pc_metadata ?? {}) as Raw;
  const organization = organisationFor(record.organization, organisations);

  return {
    id: record.id,
    name: record.name,
    // Cleaned before validation: pasted web pages are long mostly because of markup that is dropped anyway.
    description:
      typeof record.description === 'string' ? sanitiseDescription(record.description) : record.description,
    url: str(record.url),
    email: str(record.email),
    status: str(record.status),
    fees_description: str(record.fees),
    accreditations: str(record.accreditations),
    application_process: howToAttend.length ? howToAttend.join('. ') : null,
    assured_date: str(record.assured_date) ?? str(metadata.date_assured),
    last_modified: str(metadata.date_modified),
    organization,
    organization_id: organization ? organization.id : null,
    service_at_locations: online
      ? [
          {
            id: `${id}:online`,
            location: {
              id: `${id}:online-location`,
              location_type: 'virtual',
              name: 'Online',
              url: str(record.url),
            },
          },
        ]
      : [],
    attributes,
  };
}

/** Converts one record of a v1 feed; organisations met earlier in the import are reused. */
export function orukRecordConverter(): (record: unknown) => ConvertedRecord {
  const organisations: Organisations = { byId: new Map(), idByName: new Map() };
  return (record) =>
    record && typeof record === 'object'
      ? convertHsdsService(orukServiceToHsds(record as Raw, organisations))
      : { id: null, reasons: ['is not a service object'] };
}

export const orukV1Format: ImportFormatHandler = {
  name: 'oruk-v1',
  description: 'Open Referral UK v1 JSON services (an array or a paged content/totalElements list)',
  extensions: ['.json'],
  async run(stores: Stores, target: string, options: RunImportOptions): Promise<ImportReport> {
    const notes: string[] = [];
    const files = jsonListingFiles(target, orukRecordConverter(), notes);
    const report = await importListingFiles(stores, files, {
      source: 'oruk-v1',
      dryRun: options.dryRun,
      now: options.now,
      onProgress: options.onProgress,
      enrichers: options.enrichers,
    });
    if (notes.length) report.details = notes;
    return report;
  },
};
