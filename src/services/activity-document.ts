// The activity editor's answers ↔ an HSDS service document: what an organiser typed becomes the document a
// draft holds and the listing store publishes, and a published listing becomes answers to edit again.
import { DateTime } from 'luxon';
import { safeLink } from '../domain/links.js';
import { parseByday } from '../domain/schedule/index.js';
import {
  dateTyped,
  EMPTY_DATE,
  type BuiltSchedule,
  type ScheduleChoice,
} from '../domain/schedule/builder.js';
import { plainText } from '../domain/text.js';
import { termByCode, type TaxonomyCode } from '../domain/vocabulary.js';

export const CAPACITY_OPTIONS = ['spaces', 'full', 'waiting_list'] as const;
export const NEWCOMER_CODES = ['new-members-welcome', 'someone-will-meet-you', 'bring-a-friend'];

/** The editor's fields as typed (a draft keeps them, so the organiser sees exactly what they wrote). */
export interface ActivityForm extends ScheduleChoice {
  name: string;
  description: string;
  needs: string[];
  suitability: string[];
  newcomer: string[];
  whereKind: string;
  venueName: string;
  address1: string;
  town: string;
  postcode: string;
  onlineUrl: string;
  areaName: string;
  costKind: string;
  costAmount: string;
  costDescription: string;
  accessibility: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  bookingUrl: string;
  howToJoin: string;
  capacity: string;
}

export function emptyActivityForm(): ActivityForm {
  return {
    name: '',
    description: '',
    needs: [],
    suitability: [],
    newcomer: [],
    whereKind: 'venue',
    venueName: '',
    address1: '',
    town: '',
    postcode: '',
    onlineUrl: '',
    areaName: '',
    pattern: 'weekly',
    days: [],
    day: '',
    firstDate: { ...EMPTY_DATE },
    weekOfMonth: '',
    monthDay: '',
    dates: '',
    extraDates: '',
    startDate: { ...EMPTY_DATE },
    endDate: { ...EMPTY_DATE },
    opensAt: '',
    closesAt: '',
    costKind: 'free',
    costAmount: '',
    costDescription: '',
    accessibility: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    bookingUrl: '',
    howToJoin: '',
    capacity: 'spaces',
  };
}

/** A form with no problems, and what checking it found: where the venue is, the schedules, the cost. */
export interface CheckedActivity {
  form: ActivityForm;
  venue: { latitude: number; longitude: number } | null;
  schedules: BuiltSchedule[];
  /** Pounds per session when it is not free. */
  amount: number | null;
}

function attributesFor(serviceId: string, taxonomy: TaxonomyCode, codes: string[]) {
  return codes.flatMap((code) => {
    const term = termByCode(taxonomy, code);
    return term ? [{ id: `${serviceId}-${taxonomy}-${code}`, taxonomy_term_id: term.id }] : [];
  });
}

/** The HSDS service document for checked answers; ids are derived from the service id, so edits replace. */
export function activityDocument(
  { form, venue, schedules, amount }: CheckedActivity,
  listing: { serviceId: string; organizationId: string; status: string; now: Date },
): Record<string, unknown> {
  const { serviceId } = listing;
  const t = (value: string) => value.trim() || null;
  const today = DateTime.fromJSDate(listing.now, { zone: 'Europe/London' }).toISODate();
  const locations: Record<string, unknown>[] = [];
  if (form.whereKind === 'venue') {
    locations.push({
      id: `${serviceId}-sal`,
      location: {
        id: `${serviceId}-venue`,
        location_type: 'physical',
        name: t(form.venueName),
        latitude: venue!.latitude,
        longitude: venue!.longitude,
        addresses: [
          {
            id: `${serviceId}-address`,
            address_1: t(form.address1),
            city: t(form.town),
            postal_code: form.postcode.trim().toUpperCase(),
            country: 'GB',
            address_type: 'physical',
          },
        ],
        accessibility: form.accessibility.trim()
          ? [{ id: `${serviceId}-access`, description: form.accessibility.trim() }]
          : [],
      },
    });
  } else if (form.whereKind === 'online') {
    locations.push({
      id: `${serviceId}-sal-online`,
      location: {
        id: `${serviceId}-online`,
        location_type: 'virtual',
        name: 'Online',
        url: safeLink(form.onlineUrl),
      },
    });
  }
  return {
    id: serviceId,
    organization_id: listing.organizationId,
    name: form.name.trim(),
    description: form.description.trim(),
    status: listing.status,
    url: safeLink(form.bookingUrl),
    email: t(form.contactEmail),
    application_process: t(form.howToJoin),
    fees_description: t(form.costDescription),
    eligibility_description: form.whereKind !== 'venue' ? t(form.accessibility) : null,
    assured_date: today,
    service_at_locations: locations,
    service_areas: form.whereKind === 'area' ? [{ id: `${serviceId}-area`, name: form.areaName.trim() }] : [],
    schedules: schedules.map((s, i) => ({
      id: `${serviceId}-when-${i}`,
      ...s,
      attending_type: form.whereKind === 'online' ? 'online' : 'in person',
    })),
    cost_options: [
      form.costKind === 'free'
        ? { id: `${serviceId}-cost`, option: 'Free', amount: 0, currency: 'GBP' }
        : {
            id: `${serviceId}-cost`,
            option: 'Per session',
            amount,
            currency: 'GBP',
            amount_description: t(form.costDescription),
          },
    ],
    contacts:
      form.contactName.trim() || form.contactPhone.trim()
        ? [
            {
              id: `${serviceId}-contact`,
              name: t(form.contactName),
              email: t(form.contactEmail),
              phones: form.contactPhone.trim()
                ? [{ id: `${serviceId}-phone`, number: form.contactPhone.trim() }]
                : [],
            },
          ]
        : [],
    attributes: [
      ...attributesFor(serviceId, 'needs', [...new Set(form.needs)]),
      ...attributesFor(serviceId, 'suitability', [...new Set([...form.suitability, ...form.newcomer])]),
    ],
    capacity_status: form.capacity,
  };
}

/** What formFromListing reads of a published listing (the service with its locations, schedules, costs…). */
export interface PublishedActivity {
  name: string;
  description: string | null;
  email: string | null;
  url: string | null;
  application_process: string | null;
  fees_description: string | null;
  service_at_locations: {
    location: {
      location_type: string;
      name: string | null;
      url: string | null;
      addresses?: { address_1: string | null; city: string | null; postal_code: string | null }[];
      accessibility?: { description: string | null; details: string | null }[];
    };
  }[];
  service_areas: { name: string | null }[];
  schedules: {
    freq: string | null;
    interval: number | null;
    byday: string | null;
    dtstart: string | null;
    until: string | null;
    opens_at: string | null;
    closes_at: string | null;
  }[];
  cost_options: { amount: string | number | null; amount_description: string | null }[];
  contacts: { name: string | null; email: string | null }[];
  phones: { number: string }[];
}

/** The editor's fields for a listing that was imported rather than typed here (after a claim). */
export function formFromListing(
  service: PublishedActivity,
  codes: { needs: string[]; suitability: string[] },
  capacity: string | null,
): ActivityForm {
  const form = emptyActivityForm();
  form.name = service.name;
  // Imported HTML becomes plain text with paragraphs kept, which is what the editor stores.
  form.description = /<[a-z]/i.test(service.description ?? '')
    ? (service.description ?? '')
        .split(/<\/p>|<br\s*\/?>/i)
        .map((part) => plainText(part))
        .filter(Boolean)
        .join('\n\n')
    : (service.description ?? '');
  form.needs = codes.needs;
  form.newcomer = codes.suitability.filter((c) => NEWCOMER_CODES.includes(c));
  form.suitability = codes.suitability.filter((c) => !NEWCOMER_CODES.includes(c));

  const locations = service.service_at_locations.map((sal) => sal.location);
  const venue = locations.find((l) => l.location_type === 'physical');
  const online = locations.find((l) => l.location_type === 'virtual');
  if (venue) {
    const address = venue.addresses?.[0];
    Object.assign(form, {
      whereKind: 'venue',
      venueName: venue.name ?? '',
      address1: address?.address_1 ?? '',
      town: address?.city ?? '',
      postcode: address?.postal_code ?? '',
      accessibility: (venue.accessibility ?? []).map((a) => a.description ?? a.details ?? '').join('\n'),
    });
  } else if (online) Object.assign(form, { whereKind: 'online', onlineUrl: online.url ?? '' });
  else if (service.service_areas.length)
    Object.assign(form, { whereKind: 'area', areaName: service.service_areas[0].name ?? '' });

  const schedules = service.schedules;
  const repeating = schedules.find((s) => s.freq !== null);
  const time = (value: string | null) => (value ? value.slice(0, 5) : '');
  const timed = repeating ?? schedules[0];
  if (timed)
    Object.assign(form, {
      opensAt: time(timed.opens_at),
      closesAt: time(timed.closes_at),
      endDate: dateTyped(repeating?.until ?? ''),
    });
  const oneOffDates = schedules
    .filter((s) => s.freq === null)
    .map((s) => s.dtstart)
    .filter(Boolean)
    .sort()
    .join('\n');
  if (repeating) {
    const days = parseByday(repeating.byday);
    const ordinal = /^(-?\d)([A-Z]{2})$/.exec(days[0] ?? '');
    if (repeating.freq === 'MONTHLY' && ordinal)
      Object.assign(form, {
        pattern: 'monthly',
        weekOfMonth: ordinal[1],
        monthDay: ordinal[2],
        startDate: dateTyped(repeating.dtstart ?? ''),
      });
    else if (repeating.freq === 'WEEKLY' && (repeating.interval ?? 1) === 2)
      Object.assign(form, {
        pattern: 'fortnightly',
        day: days[0] ?? '',
        firstDate: dateTyped(repeating.dtstart ?? ''),
      });
    else Object.assign(form, { pattern: 'weekly', days, startDate: dateTyped(repeating.dtstart ?? '') });
    // One-off dates beside the pattern are its extra dates.
    form.extraDates = oneOffDates;
  } else if (schedules.length) {
    Object.assign(form, { pattern: 'dates', dates: oneOffDates });
  }

  const paid = service.cost_options.find((c) => c.amount !== null && Number(c.amount) > 0);
  Object.assign(form, {
    costKind: paid ? 'paid' : 'free',
    costAmount: paid ? String(Number(paid.amount)) : '',
    costDescription: service.fees_description ?? paid?.amount_description ?? '',
  });
  const contact = service.contacts[0];
  Object.assign(form, {
    contactName: contact?.name ?? '',
    contactEmail: service.email ?? contact?.email ?? '',
    contactPhone: service.phones[0]?.number ?? '',
    bookingUrl: service.url ?? '',
    howToJoin: service.application_process ?? '',
  });
  if (capacity) form.capacity = capacity;
  return form;
}
