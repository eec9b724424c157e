// The activities spreadsheet's columns, and column mappings that read other lists as if they were the template
// (--map, or the files in seed-data/templates/mappings), resolved against a file's header row.
import { readFile } from 'node:fs/promises';
import { stableId } from './stable-id.js';

/** Every column the template knows, in the order the template lists them. */
export const TEMPLATE_FIELDS = [
  'id',
  'organisation',
  'activity',
  'description',
  'venue',
  'address',
  'town',
  'postcode',
  'latitude',
  'longitude',
  'online',
  'days',
  'start_time',
  'end_time',
  'frequency',
  'start_date',
  'end_date',
  'opening_times',
  'hours_monday',
  'hours_tuesday',
  'hours_wednesday',
  'hours_thursday',
  'hours_friday',
  'hours_saturday',
  'hours_sunday',
  'notes',
  'cost',
  'how_to_join',
  'contact_name',
  'contact_phone',
  'contact_email',
  'contact',
  'website',
  'needs',
  'activity_types',
  'suitability',
  'age_min',
  'age_max',
  'closed',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** Where each field comes from: one column, several joined with ", ", or a fixed value written "=value". */
export type ColumnMapping = Partial<Record<TemplateField, string | string[]>>;

/** A mapping from a JSON file, or inline "activity=Name,postcode=Postcode" (later pairs win). */
export async function loadMapping(spec: string): Promise<ColumnMapping> {
  const looksInline = !spec.toLowerCase().endsWith('.json') && spec.includes('=');
  const raw: unknown = looksInline
    ? Object.fromEntries(
        spec.split(',').map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
        }),
      )
    : JSON.parse(await readFile(spec, 'utf8'));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`--map ${spec}: expected an object of template field → column name`);
  const mapping: ColumnMapping = {};
  for (const [field, source] of Object.entries(raw as Record<string, unknown>)) {
    if (isMappingNote(field)) continue;
    if (!isTemplateField(field))
      throw new Error(
        `--map: "${field}" is not a template field; known fields: ${TEMPLATE_FIELDS.join(', ')}`,
      );
    if (!isColumnSource(source))
      throw new Error(`--map: "${field}" must name a column, a list of columns or "=a fixed value"`);
    mapping[field] = source;
  }
  return mapping;
}

const isMappingNote = (key: string) => key.startsWith('$') || key === 'description_of_mapping';
const isTemplateField = (key: string): key is TemplateField =>
  (TEMPLATE_FIELDS as readonly string[]).includes(key);
const isColumnSource = (source: unknown): source is string | string[] =>
  typeof source === 'string' ||
  (Array.isArray(source) && source.length > 0 && source.every((s) => typeof s === 'string'));

/** Whether a JSON document is a column mapping for this format (like those in seed-data/templates/mappings). */
export function isColumnMapping(document: unknown): boolean {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return false;
  const entries = Object.entries(document).filter(([key]) => !isMappingNote(key));
  return (
    entries.length > 0 && entries.every(([key, source]) => isTemplateField(key) && isColumnSource(source))
  );
}

const headerKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** One row's value for a template field, read through the mapping; null when blank or not mapped. */
export type ReadField = (field: TemplateField) => string | null;

/** Cells that say there is nothing to say. */
export const BLANK_CELL = /^(n\/?a|none|not known|unknown|-|tbc)$/i;

/** Resolves a mapping against a file's header row; reports columns the mapping names that the file lacks. */
export function fieldReader(headers: string[], mapping: ColumnMapping | null) {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  const missing: string[] = [];
  const sources = new Map<TemplateField, { fixed: string } | { columns: string[] }>();
  for (const field of TEMPLATE_FIELDS) {
    const given = mapping?.[field];
    if (given === undefined) {
      // Without a mapping entry, a column named like the field (any case or spacing) is used.
      const own = byKey.get(field);
      if (own) sources.set(field, { columns: [own] });
      continue;
    }
    if (typeof given === 'string' && given.startsWith('=')) {
      sources.set(field, { fixed: given.slice(1).trim() });
      continue;
    }
    const columns = (Array.isArray(given) ? given : [given]).map((c) => {
      const found = headers.includes(c) ? c : byKey.get(headerKey(c));
      if (!found) missing.push(`${field} → "${c}"`);
      return found ?? c;
    });
    sources.set(field, { columns });
  }
  return {
    missing,
    read(row: Record<string, string>, field: TemplateField): string | null {
      const source = sources.get(field);
      if (!source) return null;
      if ('fixed' in source) return source.fixed || null;
      // An id made of several columns becomes one stable uuid of their values (blanks count, in order).
      if (field === 'id' && source.columns.length > 1)
        return stableId('row', ...source.columns.map((c) => (row[c] ?? '').trim()));
      const parts = source.columns.map((c) => (row[c] ?? '').trim()).filter(Boolean);
      return parts.length ? parts.join(', ') : null;
    },
  };
}
