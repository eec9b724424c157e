// The checks a listing needs from the rest of the import, made one record at a time as the records stream
// past: ids used twice, and organisations or taxonomy terms that exist neither in the import nor in the
// directory. What is remembered per record is a few fingerprints (see id-fingerprints.ts), not the record.
import type { Stores } from '../db/stores.js';
import { IdFingerprints } from './id-fingerprints.js';
import { dropUnsafeLinks } from './link-fields.js';
import {
  describePosition,
  type ImportWarning,
  type Listing,
  type RecordPosition,
  type Rejection,
} from './listing.js';

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

/** References not yet found, held until the directory is asked or the end of the import (which may define them). */
const SETTLE_EVERY = 2000;

interface Unresolved {
  record: number;
  id: string;
  /** Reasons found already: the record is rejected whatever the references turn out to be. */
  reasons: string[];
  organization: string | null;
  terms: { at: number; id: string }[];
}

/** Where each record came from, by record number: 4 bytes a record plus one entry per file. */
class RecordPositions {
  private indexes = new Int32Array(1024);
  private readonly files: { from: number; file: string; unit?: RecordPosition['unit'] }[] = [];
  count = 0;

  add(position: RecordPosition): number {
    const last = this.files.at(-1);
    if (!last || last.file !== position.file || last.unit !== position.unit)
      this.files.push({ from: this.count, file: position.file, unit: position.unit });
    if (this.count === this.indexes.length) {
      const grown = new Int32Array(this.indexes.length * 2);
      grown.set(this.indexes);
      this.indexes = grown;
    }
    this.indexes[this.count] = position.index;
    return this.count++;
  }

  at(record: number): RecordPosition {
    let [low, high] = [0, this.files.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.files[middle].from <= record) low = middle;
      else high = middle - 1;
    }
    const { file, unit } = this.files[low];
    return unit ? { file, index: this.indexes[record], unit } : { file, index: this.indexes[record] };
  }
}

export interface CheckMark {
  record: number;
  admitted: number;
}

export interface CheckedImport {
  rejections: Rejection[];
  warnings: ImportWarning[];
  /** Records given a number that must not be stored after all. */
  leftOut: (record: number) => boolean;
  accepted: number;
}

export class ListingChecks {
  private readonly rejections: Rejection[] = [];
  private warnings: { record: number; warning: ImportWarning }[] = [];
  private readonly positions = new RecordPositions();
  // Let go once every record is checked (finish): at a million services they hold about 200 MB.
  private services = new IdFingerprints();
  private parts = new IdFingerprints();
  private organizations = new IdFingerprints();
  private readonly terms = new IdFingerprints();
  /** Parent term ids not defined in the import when seen; a parent found nowhere is dropped, not refused. */
  private readonly parents = new Set<string>();
  private knownParents = new Set<string>();
  private unresolved: Unresolved[] = [];
  private readonly inDirectory = {
    organization: new Map<string, boolean>(),
    taxonomy_term: new Map<string, boolean>(),
  };
  private readonly dropped = new Set<number>();
  private readonly refused: [number, number][] = [];
  /** Records passed on to be stored, and those of them taken back with a refused file. */
  private admitted = 0;
  private withdrawn = 0;

  constructor(private readonly stores: Stores) {}

  /** A record that could not be converted. */
  reject(rejection: Rejection): void {
    this.rejections.push(structuredClone(rejection));
  }

  /**
   * Checks a converted listing against every record before it; gives the record's number if it is to be
   * stored (unless a reference it makes is never found), or -1 if it is rejected.
   */
  admit(listing: Listing, position: RecordPosition): number {
    const record = this.positions.add(position);
    const { id } = listing.service;
    const reasons: string[] = [];
    // Two different records under one id would overwrite each other in turn: keep the first, report the rest.
    const first = this.services.ownerOf(id);
    if (first >= 0) reasons.push(`id: "${id}" is already used by ${this.describe(first)}`);
    else this.services.add(id, record);
    reasons.push(...this.partClashes(listing, record));
    if (listing.organization) this.organizations.add(listing.organization.id, record);
    for (const term of listing.terms) this.terms.add(term.id, record);
    for (const term of listing.terms)
      if (term.parent_id && !this.terms.has(term.parent_id))
        this.parents.add(structuredClone(term.parent_id));

    const organizationId = listing.service.organization_id;
    const organization = organizationId && !this.organizations.has(organizationId) ? organizationId : null;
    const terms = listing.attributes
      .map((attribute, at) => ({ at, id: attribute.taxonomy_term_id }))
      .filter((term) => !this.terms.has(term.id));
    if (organization || terms.length)
      this.unresolved.push(structuredClone({ record, id, reasons, organization, terms }));
    else if (reasons.length) this.reject({ position, id, reasons });
    if (reasons.length) return -1;
    for (const warning of dropUnsafeLinks(listing, position))
      this.warnings.push({ record, warning: structuredClone(warning) });
    this.admitted += 1;
    return record;
  }

  /** Many references wait for an answer: settle() now, so they never pile up. */
  get unsettled(): boolean {
    return this.unresolved.length >= SETTLE_EVERY;
  }

  mark(): CheckMark {
    return { record: this.positions.count, admitted: this.admitted };
  }

  /** A file that stopped being readable part way: everything since the mark is forgotten, the file rejected. */
  refuseFile(mark: CheckMark, file: string, reason: string): void {
    for (const fingerprints of [this.services, this.parts, this.organizations, this.terms])
      fingerprints.forgetFrom(mark.record);
    this.refused.push([mark.record, this.positions.count]);
    this.withdrawn += this.admitted - mark.admitted;
    for (const record of this.dropped) if (record >= mark.record) this.dropped.delete(record);
    this.unresolved = this.unresolved.filter((u) => u.record < mark.record);
    this.warnings = this.warnings.filter((w) => w.record < mark.record);
    const others = this.rejections.filter((r) => r.position.file !== file);
    this.rejections.splice(0, this.rejections.length, ...others);
    this.rejections.push({ position: { file, index: 0 }, id: null, reasons: [reason], wholeFile: true });
  }

  /** Asks the directory about the references still waiting; at the end, rejects those found nowhere. */
  async settle(final = false): Promise<void> {
    const ask = async (table: 'organization' | 'taxonomy_term', ids: (string | null)[]) => {
      const known = this.inDirectory[table];
      const wanted = [...new Set(ids.filter((id): id is string => id !== null && !known.has(id)))];
      const found = await this.stores.listings.existingIds(table, wanted);
      for (const id of wanted) known.set(id, found.has(id));
    };
    const missingOrganization = (id: string | null) =>
      id !== null && !this.organizations.has(id) && !this.inDirectory.organization.get(id);
    const missingTerm = (id: string) => !this.terms.has(id) && !this.inDirectory.taxonomy_term.get(id);
    await ask(
      'organization',
      this.unresolved.map((u) => (missingOrganization(u.organization) ? u.organization : null)),
    );
    await ask(
      'taxonomy_term',
      this.unresolved.flatMap((u) => u.terms.filter((t) => missingTerm(t.id)).map((t) => t.id)),
    );
    const waiting: Unresolved[] = [];
    for (const item of this.unresolved) {
      const organization = missingOrganization(item.organization) ? item.organization : null;
      const terms = item.terms.filter((t) => missingTerm(t.id));
      // Not found yet, but a later record may still define it.
      if (!final && (organization || terms.length)) {
        waiting.push({ ...item, organization, terms });
        continue;
      }
      const reasons = [...item.reasons];
      if (organization)
        reasons.push(`organization_id: no organisation "${organization}" in this import or the directory`);
      for (const { at, id } of terms)
        reasons.push(
          `attributes[${at}].taxonomy_term_id: no taxonomy term "${id}" in this import or the directory`,
        );
      if (reasons.length === 0) continue;
      this.rejections.push({ position: this.positions.at(item.record), id: item.id, reasons });
      if (item.reasons.length === 0) this.dropped.add(item.record);
    }
    this.unresolved = waiting;
  }

  /** After the last record: every reference answered, and the report's rejections and warnings. */
  async finish(): Promise<CheckedImport> {
    await this.settle(true);
    const parents = [...this.parents].filter((id) => !this.terms.has(id));
    this.knownParents = await this.stores.listings.existingIds('taxonomy_term', parents);
    this.services = new IdFingerprints();
    this.parts = new IdFingerprints();
    this.organizations = new IdFingerprints();
    const leftOut = (record: number) =>
      this.dropped.has(record) || this.refused.some(([from, to]) => record >= from && record < to);
    return {
      rejections: this.rejections.sort(
        (a, b) => a.position.file.localeCompare(b.position.file) || a.position.index - b.position.index,
      ),
      warnings: this.warnings.filter((w) => !this.dropped.has(w.record)).map((w) => w.warning),
      leftOut,
      accepted: this.admitted - this.withdrawn - this.dropped.size,
    };
  }

  /** Just before storing: a parent term found neither in the import nor in the directory is left out. */
  prepare(listing: Listing): void {
    for (const term of listing.terms) {
      if (term.parent_id && !this.terms.has(term.parent_id) && !this.knownParents.has(term.parent_id))
        term.parent_id = null;
    }
  }

  private describe(record: number): string {
    return describePosition(this.positions.at(record));
  }

  /** An id used twice for a service's own parts would make one overwrite the other: say where instead. */
  private partClashes(listing: Listing, record: number): string[] {
    const reasons: string[] = [];
    const mine = new Set<string>();
    for (const [part, rows] of OWNED_PARTS) {
      for (const { id } of rows(listing)) {
        const key = `${part}|${id}`;
        const owner = this.parts.ownerOf(key);
        if (mine.has(key)) reasons.push(`${part}: id "${id}" is used twice in this service`);
        else if (owner >= 0) reasons.push(`${part}: id "${id}" is already used by ${this.describe(owner)}`);
        mine.add(key);
      }
    }
    if (reasons.length === 0) for (const key of mine) this.parts.add(key, record);
    return [...new Set(reasons)];
  }
}
