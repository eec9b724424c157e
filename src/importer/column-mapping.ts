// The activities spreadsheet's columns, and column mappings that read other lists as if they were the template
// (--map, or the files in seed-data/templates/mappings).
import { readFile } from 'node:fs/promises';

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
