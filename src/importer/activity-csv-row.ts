// One spreadsheet row → an HSDS service document (validated afterwards by the HSDS converter), or the reasons
// the row cannot be one: where it is, when it meets, who runs it, what it costs and which terms it carries.
import { isValid, toNormalised } from 'postcode';
import { vocabulary, type TaxonomyCode } from '../domain/vocabulary.js';
import { rowSchedules, type OpeningTimesTally } from './activity-csv-schedules.js';
import { BLANK_CELL, type ReadField } from './column-mapping.js';
import { normalisedName, stableId } from './stable-id.js';

function vocabularyTerms(
  taxonomy: TaxonomyCode,
  text: string | null,
  field: string,
  reasons: string[],
): string[] {
  if (!text) return [];
  const v = vocabulary(taxonomy);
  const ids: string[] = [];
  for (const word of text
    .split(/[;,|]/)
    .map((w) => w.trim())
    .filter(Boolean)) {
    const key = word.toLowerCase();
    const term = v.terms.find(
      (t) =>
        t.code === key || t.name.toLowerCase() === key || t.synonyms.some((s) => s.toLowerCase() === key),
    );
    if (term) {
      if (!ids.includes(term.id)) ids.push(term.id);
    } else reasons.push(`${field}: "${word}" is not one of ${v.terms.map((t) => t.code).join(', ')}`);
  }
  return ids;
}

function costOptions(text: string | null, activityId: string): { options: object[]; fees: string | null } {
  if (!text) return { options: [], fees: null };
  if (/^(free|£?0(\.00)?)$/i.test(text))
    return {
      options: [{ id: `${activityId}:cost`, option: 'Free', amount: 0, currency: 'GBP' }],
      fees: null,
    };
  const price = /^£?\s*(\d+(?:\.\d{1,2})?)\b\s*(.*)$/.exec(text);
  if (price)
    return {
      options: [
        {
          id: `${activityId}:cost`,
          option: price[2] || 'Per session',
          amount: Number(price[1]),
          currency: 'GBP',
          amount_description: text,
        },
      ],
      fees: null,
    };
  return { options: [], fees: text };
}

function contactFields(read: ReadField) {
  let name = read('contact_name');
  let email = read('contact_email');
  let phone = read('contact_phone');
  let website = read('website');
  const free = read('contact');
  if (free && !BLANK_CELL.test(free)) {
    // One cell often holds several ways in ("0161 227 3477 / info@example.org"): take each kind found.
    const foundEmail = /[^\s/,;]+@[^\s/,;]+\.[a-z]{2,}/i.exec(free)?.[0];
    const foundPhone = /(?:\+44\s?|0)\d(?:[\s-]?\d){8,10}/.exec(free)?.[0];
    const foundUrl = /https?:\/\/[^\s,;]+/i.exec(free)?.[0];
    if (foundEmail) email ??= foundEmail;
    if (foundPhone) phone ??= foundPhone;
    if (foundUrl && !foundEmail) website ??= foundUrl;
    if (!foundEmail && !foundPhone && !foundUrl) name ??= free;
  }
  if (website && BLANK_CELL.test(website)) website = null;
  if (email && BLANK_CELL.test(email)) email = null;
  if (name && BLANK_CELL.test(name)) name = null;
  return { name, email, phone: phone && !BLANK_CELL.test(phone) ? phone : null, website };
}

export interface Place {
  latitude: number;
  longitude: number;
}

export type Geocode = (postcode: string) => Promise<Place | null>;

/** A row's activity id: its id column(s), else a stable id of who runs it, its name and its postcode. */
export function rowActivityId(read: ReadField): string {
  const rawPostcode = read('postcode');
  const postcode = rawPostcode && isValid(rawPostcode) ? toNormalised(rawPostcode) : null;
  return (
    read('id') ??
    stableId('activity', read('organisation') ?? '', read('activity') ?? '', postcode ?? rawPostcode ?? '')
  );
}

/** One spreadsheet row → an HSDS service document (validated afterwards by the HSDS converter) or reasons. */
export async function rowToService(
  read: ReadField,
  geocode: Geocode,
  tally: OpeningTimesTally,
): Promise<{ service: Record<string, unknown> } | { reasons: string[]; id: string | null }> {
  const reasons: string[] = [];
  const activity = read('activity');
  const organisation = read('organisation');
  const rawPostcode = read('postcode');
  const postcode = rawPostcode && isValid(rawPostcode) ? toNormalised(rawPostcode) : null;
  const id = rowActivityId(read);
  if (!activity) reasons.push('activity: is required');
  if (rawPostcode && !postcode) reasons.push(`postcode: "${rawPostcode}" is not a UK postcode`);

  const online = /^(y|yes|true|online|1)$/i.test(read('online') ?? '');
  const latText = read('latitude');
  const lngText = read('longitude');
  let point: Place | null = null;
  if (latText || lngText) {
    const latitude = Number(latText);
    const longitude = Number(lngText);
    if (!latText || !lngText || !Number.isFinite(latitude) || !Number.isFinite(longitude))
      reasons.push('latitude/longitude: give both, as decimal degrees');
    else point = { latitude, longitude };
  } else if (postcode) {
    point = await geocode(postcode);
    if (!point)
      reasons.push(
        `postcode: "${postcode}" is not in the directory's gazetteer (load the postcode data, or give latitude and longitude)`,
      );
  } else if (!online)
    reasons.push(
      'postcode: is required for an activity at a venue (or give latitude and longitude, or online = yes)',
    );

  const { schedules, notes } = rowSchedules(read, id, reasons, tally);
  const extra = read('notes');
  if (extra) notes.push(extra);

  const contact = contactFields(read);
  const cost = costOptions(read('cost'), id);
  const attributes = [
    ...vocabularyTerms('needs', read('needs'), 'needs', reasons),
    ...vocabularyTerms('activity-types', read('activity_types'), 'activity_types', reasons),
    ...vocabularyTerms('suitability', read('suitability'), 'suitability', reasons),
  ].map((termId) => ({ id: `${id}:attribute:${termId}`, taxonomy_term_id: termId }));

  if (reasons.length) return { reasons, id };

  const organizationId = organisation ? stableId('organisation', normalisedName(organisation)) : null;
  const venue = read('venue');
  const address = read('address');
  const locations: Record<string, unknown>[] = [];
  if (point || address || venue) {
    const locationId = stableId(
      'venue',
      venue ?? '',
      address ?? '',
      postcode ?? `${point?.latitude},${point?.longitude}`,
    );
    locations.push({
      id: `${id}:at`,
      location: {
        id: locationId,
        location_type: 'physical',
        name: venue ?? activity,
        latitude: point?.latitude ?? null,
        longitude: point?.longitude ?? null,
        addresses: [
          {
            id: `${locationId}:address`,
            address_1: address,
            city: read('town'),
            postal_code: postcode,
            country: 'GB',
            address_type: 'physical',
          },
        ],
      },
    });
  }
  if (online)
    locations.push({
      id: `${id}:online`,
      location: {
        id: `${id}:online-location`,
        location_type: 'virtual',
        name: 'Online',
        url: contact.website,
      },
    });

  const description = [read('description'), ...notes].filter(Boolean).join('\n\n') || null;
  return {
    service: {
      id,
      name: activity,
      description,
      url: contact.website,
      email: contact.email,
      status: read('closed') && !/^(no|n|false|0)$/i.test(read('closed')!) ? 'defunct' : 'active',
      application_process:
        read('how_to_join') && !BLANK_CELL.test(read('how_to_join')!) ? read('how_to_join') : null,
      fees_description: cost.fees,
      minimum_age: read('age_min'),
      maximum_age: read('age_max'),
      organization: organizationId ? { id: organizationId, name: organisation } : null,
      organization_id: organizationId,
      contacts:
        contact.name || contact.phone
          ? [
              {
                id: `${id}:contact`,
                name: contact.name,
                email: contact.email,
                phones: contact.phone ? [{ id: `${id}:contact:phone`, number: contact.phone }] : [],
              },
            ]
          : [],
      schedules,
      service_at_locations: locations,
      cost_options: cost.options,
      attributes,
    },
  };
}
