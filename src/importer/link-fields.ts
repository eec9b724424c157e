// Imported text is untrusted: every field that becomes a link keeps only what the link rule allows. A refused
// address is left out (the record is still imported) and reported with the record and the field.
import { LINK_RULE, safeLink } from '../domain/links.js';
import type { ImportWarning, Listing, RecordPosition } from './listing.js';

/** Where a listing keeps addresses that pages or other systems turn into links. */
function linkFields(listing: Listing): { field: string; row: Record<string, unknown>; key: string }[] {
  const fields: { field: string; row: Record<string, unknown>; key: string }[] = [];
  const add = (field: string, row: object, key: string) =>
    fields.push({ field, row: row as Record<string, unknown>, key });
  if (listing.organization) {
    add('organization.website', listing.organization, 'website');
    add('organization.logo', listing.organization, 'logo');
  }
  add('url', listing.service, 'url');
  for (const { location, accessibility } of listing.locations) {
    add(`location "${location.id}" url`, location, 'url');
    for (const item of accessibility) add(`location "${location.id}" accessibility url`, item, 'url');
  }
  for (const schedule of listing.schedules)
    add(`schedule "${schedule.id}" schedule_link`, schedule, 'schedule_link');
  return fields;
}

const shownValue = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/** Keeps each link field's safe form (a bare host gets https://) and drops the rest, saying which. */
export function dropUnsafeLinks(listing: Listing, position: RecordPosition): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  for (const { field, row, key } of linkFields(listing)) {
    const value = row[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const link = safeLink(value);
    row[key] = link;
    if (link === null)
      warnings.push({
        position,
        id: listing.service.id,
        field,
        message: `${shownValue(value)} is not ${LINK_RULE}: left out`,
      });
  }
  return warnings;
}
