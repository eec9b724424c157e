// A listing as a steward reads it: each field under a plain label with its value in words (times as "Every
// Tuesday, 10:00 to 12:00", needs by their names), and a proposal compared with what the directory shows now.
import { describeSchedule, scheduleRule, type ScheduleFields } from '../domain/schedule/index.js';
import { termById } from '../domain/vocabulary.js';
import { NEWCOMER_CODES } from './activity-document.js';

/** One labelled field of a listing, its value in words ("" when the listing gives none). */
export interface ReadableField {
  field: string;
  label: string;
  value: string;
}

/** A field of a proposal beside the same field as the directory shows it now. */
export interface FieldComparison {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** Nested parts of an HSDS service document, as drafts keep them or as the tables give them back. */
type Row = Record<string, unknown>;

const rows = (value: unknown): Row[] =>
  Array.isArray(value) ? value.filter((v): v is Row => typeof v === 'object' && v !== null) : [];
const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
const joined = (parts: string[], separator = ', ') => parts.filter(Boolean).join(separator);

const STATUS_WORDS: Record<string, string> = {
  active: 'Running',
  'temporarily closed': 'Paused',
  inactive: 'Closed',
};

const CAPACITY_WORDS: Record<string, string> = {
  spaces: 'Spaces available',
  full: 'Full',
  waiting_list: 'Waiting list',
};

/** Term names of one vocabulary the listing is tagged with, in the order given. */
function termNames(doc: Row, wanted: (taxonomy: string, code: string) => boolean): string {
  return joined(
    rows(doc.attributes).flatMap((attribute) => {
      const found = termById(text(attribute.taxonomy_term_id));
      return found && wanted(found.taxonomy, found.term.code) ? [found.term.name] : [];
    }),
  );
}

function where(doc: Row): string {
  const locations = rows(doc.service_at_locations).map((sal) => (sal.location ?? {}) as Row);
  const places = locations.map((location) => {
    if (location.location_type === 'virtual') return joined(['Online', text(location.url)], ': ');
    const address = rows(location.addresses)[0] ?? {};
    return joined([
      text(location.name),
      text(address.address_1),
      text(address.city),
      text(address.postal_code),
    ]);
  });
  const areas = rows(doc.service_areas).map((area) => `Covers ${text(area.name)}`);
  return joined([...places, ...areas], '; ');
}

function accessibility(doc: Row): string {
  const venue = rows(doc.service_at_locations)
    .map((sal) => (sal.location ?? {}) as Row)
    .flatMap((location) => rows(location.accessibility))
    .map((a) => text(a.description) || text(a.details));
  return joined([...venue, text(doc.eligibility_description)], '; ');
}

function when(doc: Row): string {
  return joined(
    rows(doc.schedules).map((schedule) => {
      try {
        return describeSchedule(scheduleRule(schedule as ScheduleFields, []));
      } catch {
        return 'Times that could not be read';
      }
    }),
    '; ',
  );
}

function cost(doc: Row): string {
  const options = rows(doc.cost_options);
  const paid = options.find((option) => Number(option.amount ?? 0) > 0);
  const price = paid
    ? `£${Number(paid.amount).toFixed(2)} ${text(paid.option).toLowerCase() || 'per session'}`
    : options.length
      ? 'Free'
      : '';
  const words = text(doc.fees_description) || (paid ? text(paid.amount_description) : '');
  return joined([price, words && words !== price ? words : ''], ': ');
}

function phone(doc: Row): string {
  const contactPhones = rows(doc.contacts).flatMap((contact) => rows(contact.phones));
  return text((contactPhones[0] ?? rows(doc.phones)[0] ?? {}).number);
}

/** Each field of a listing under its label, in the order the editor asks for them. */
export function readableListing(document: Record<string, unknown>): ReadableField[] {
  const contact = rows(document.contacts)[0] ?? {};
  const fields: [string, string, string][] = [
    ['name', 'Name', text(document.name)],
    ['description', 'Description', text(document.description)],
    ['status', 'Status', STATUS_WORDS[text(document.status)] ?? text(document.status)],
    ['needs', 'Needs it helps with', termNames(document, (taxonomy) => taxonomy === 'needs')],
    [
      'newcomers',
      'Help for newcomers',
      termNames(document, (taxonomy, code) => taxonomy === 'suitability' && NEWCOMER_CODES.includes(code)),
    ],
    [
      'suitability',
      'Suitable for',
      termNames(document, (taxonomy, code) => taxonomy === 'suitability' && !NEWCOMER_CODES.includes(code)),
    ],
    ['where', 'Where', where(document)],
    ['accessibility', 'Access', accessibility(document)],
    ['when', 'When', when(document)],
    ['cost', 'Cost', cost(document)],
    ['capacity', 'Spaces', CAPACITY_WORDS[text(document.capacity_status)] ?? ''],
    ['howToJoin', 'How to join', text(document.application_process)],
    ['bookingUrl', 'Booking link', text(document.url)],
    ['contactName', 'Contact name', text(contact.name)],
    ['contactEmail', 'Contact email', text(document.email) || text(contact.email)],
    ['contactPhone', 'Contact phone', phone(document)],
  ];
  return fields.map(([field, label, value]) => ({ field, label, value }));
}

/** The proposal field by field beside the listing as it is: the fields that change, and those that do not. */
export function compareListings(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { changed: FieldComparison[]; unchanged: ReadableField[] } {
  const old = new Map(readableListing(before).map((f) => [f.field, f.value]));
  const proposed = readableListing(after);
  return {
    changed: proposed
      .filter((f) => f.value !== old.get(f.field))
      .map((f) => ({ field: f.field, label: f.label, before: old.get(f.field) ?? '', after: f.value })),
    unchanged: proposed.filter((f) => f.value === old.get(f.field)),
  };
}
