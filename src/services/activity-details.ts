// Everything the activity page shows, gathered and put into words.
import { DateTime } from 'luxon';
import type { FieldsFromMerged, Location, MergedField, Schedule, Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import {
  describeSchedule,
  nextOccurrences,
  type Occurrence,
  scheduleRule,
} from '../domain/schedule/index.js';
import { costLines, money } from '../domain/cost.js';
import { descriptionHtml } from '../domain/text.js';
import { vocabularies } from '../domain/vocabulary.js';
import { freshness, type Freshness } from '../domain/freshness.js';

export interface SessionTime {
  start: Date;
  end: Date | null;
  where: string | null;
}

export interface Cancellation {
  date: string;
  reason: string | null;
}

export interface ActivityDetails {
  id: string;
  name: string;
  status: string;
  alert: string | null;
  descriptionHtml: string;
  organization: { id: string; name: string; website: string | null; email: string | null } | null;
  schedules: {
    id: string;
    wording: string;
    where: string | null;
    note: string | null;
    attendingType: string | null;
    /** The description's words the times were read from, while nobody has confirmed them. */
    fromDescription: string | null;
  }[];
  /** Some of the times were read from the description and nobody has confirmed them. */
  timesFromDescription: boolean;
  nextSessions: SessionTime[];
  cancellations: Cancellation[];
  locations: {
    id: string;
    name: string | null;
    /** About the venue itself, e.g. that it was taken from a postcode in the description. */
    description: string | null;
    type: string;
    url: string | null;
    address: string[];
    postcode: string | null;
    latitude: number | null;
    longitude: number | null;
    transportation: string | null;
    accessibility: string[];
  }[];
  serviceAreas: string[];
  online: boolean;
  contacts: { name: string | null; title: string | null; email: string | null; phones: string[] }[];
  phones: string[];
  email: string | null;
  url: string | null;
  howToJoin: string | null;
  /** What the cost section says, line by line, nothing twice. */
  cost: { free: boolean; lines: string[] };
  ages: string | null;
  eligibility: string | null;
  tags: { taxonomy: string; code: string; terms: { code: string; name: string }[] }[];
  assuredDate: string | null;
  /** spaces | full | waiting_list, when the group has said. */
  capacity: string | null;
  freshness: Freshness;
  lastModified: Date | null;
  /** Where the listing came from, the source seen most recently first (see `sourceLines`). */
  sources: ActivitySource[];
  /** The fields taken from a listing merged into this one, by the name of that listing's source. */
  from: Partial<Record<MergedField, string>>;
}

/** One source of a listing, for a line near "Last reviewed". */
export interface ActivitySource {
  /** The group's own edits ("Listed by the group itself") or a feed or file ("From …"). */
  byGroup: boolean;
  name: string;
  /** The publisher's own last-reviewed date (YYYY-MM-DD), when it gave one. */
  checkedOn: string | null;
  /** When the directory received this content (YYYY-MM-DD, London). */
  receivedOn: string;
}

export function agesWording(min: number | null, max: number | null): string | null {
  if (min !== null && max !== null && max < 100) return `Ages ${min} to ${max}`;
  if (min !== null && min > 0) return `Ages ${min} and over`;
  if (max !== null && max < 100) return `Up to age ${max}`;
  return null;
}

function locationName(location: Location | null | undefined): string | null {
  if (!location) return null;
  if (location.location_type === 'virtual') return 'Online';
  return location.name ?? location.addresses?.[0]?.address_1 ?? null;
}

export function createActivityDetails(stores: Stores, clock: Clock) {
  return async function activityDetails(id: string, now = clock.now()): Promise<ActivityDetails | null> {
    // Postgres text cannot hold NUL, so no activity has such an id (and asking would be an error).
    if (id.includes('\0')) return null;
    const [found, sourceRows, composed] = await Promise.all([
      stores.services.serviceForPage(id),
      stores.listingSources.sourcesOf(id),
      stores.mergedFields.fieldsFromMergedListings([id]),
    ]);
    if (!found || ['inactive', 'defunct'].includes(found.service.status)) return null;
    const { service, terms: termRows } = found;
    // Each composed field from the listing that gives it: this one, or one merged into it.
    const fromMerged: FieldsFromMerged = composed.get(id) ?? {};
    const givers = new Map(
      await Promise.all(
        [...new Set(Object.values(fromMerged).map((d) => d.serviceId))].map(
          async (giver) => [giver, await stores.services.serviceForPage(giver)] as const,
        ),
      ),
    );
    const giverOf = (field: MergedField) => givers.get(fromMerged[field]?.serviceId ?? '') ?? found;

    const schedules = [...service.schedules].sort((a, b) => a.id.localeCompare(b.id));
    const whereOf = (s: Schedule) => locationName(s.service_at_location?.location);
    const upcoming: SessionTime[] = [];
    const cancellations: Cancellation[] = [];
    const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).toISODate()!;
    for (const schedule of schedules) {
      const cancelled = schedule.cancellations.map((c) => c.date);
      const rule = scheduleRule(schedule, cancelled);
      upcoming.push(
        ...nextOccurrences(rule, now, 5).map((o: Occurrence) => ({
          start: o.start,
          end: o.end,
          where: whereOf(schedule),
        })),
      );
      for (const c of schedule.cancellations)
        if (c.date >= today) cancellations.push({ date: c.date, reason: c.reason });
    }
    upcoming.sort((a, b) => a.start.getTime() - b.start.getTime());
    cancellations.sort((a, b) => a.date.localeCompare(b.date));

    const tags = vocabularies
      .map((v) => ({
        taxonomy: v.name,
        code: v.code as string,
        terms: termRows
          .filter((t) => t.taxonomy_id === v.id)
          .map((t) => ({ code: t.code ?? '', name: t.name })),
      }))
      .filter((group) => group.terms.length > 0);
    const others = termRows.filter((t) => !vocabularies.some((v) => v.id === t.taxonomy_id));
    if (others.length)
      tags.push({
        taxonomy: 'Other categories',
        code: 'other',
        terms: others.map((t) => ({ code: t.code ?? '', name: t.name })),
      });

    const costing = giverOf('cost').service;
    const costs = [...costing.cost_options].sort((a, b) => a.id.localeCompare(b.id));
    const amounts = costs.map((c) => (c.amount === null ? null : Number(c.amount)));
    const free =
      amounts.length > 0 ? amounts.every((a) => a === 0) : /^free/i.test(costing.fees_description ?? '');
    const contactsFrom = giverOf('contacts');
    const aged = giverOf('ages').service;

    return {
      id: service.id,
      name: service.name,
      status: service.status,
      alert: service.alert,
      descriptionHtml: descriptionHtml(giverOf('description').service.description),
      organization: service.organization
        ? {
            id: service.organization.id,
            name: service.organization.name,
            website: service.organization.website,
            email: service.organization.email,
          }
        : null,
      schedules: schedules.map((s) => ({
        id: s.id,
        wording: describeSchedule(scheduleRule(s, [])),
        where: whereOf(s),
        note: s.notes,
        attendingType: s.attending_type,
        fromDescription: s.from_description,
      })),
      timesFromDescription: schedules.some((s) => s.from_description !== null),
      // Closed for now: no session to go to, whatever the schedule says (its page says so instead).
      nextSessions: service.status === 'temporarily closed' ? [] : upcoming.slice(0, 5),
      cancellations,
      locations: [...service.service_at_locations]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map(({ location }) => {
          const address = location.addresses?.[0];
          return {
            id: location.id,
            name: location.name,
            description: location.description,
            type: location.location_type,
            url: location.url,
            address: address
              ? [address.address_1, address.address_2, address.city].filter((line): line is string => !!line)
              : [],
            postcode: address?.postal_code ?? null,
            latitude: location.latitude,
            longitude: location.longitude,
            transportation: location.transportation,
            accessibility: (location.accessibility ?? [])
              .flatMap((a) => [a.description, a.details])
              .filter((x): x is string => !!x),
          };
        }),
      serviceAreas: service.service_areas.map((a) => a.name ?? a.description ?? '').filter(Boolean),
      online: service.is_online,
      contacts: contactsFrom.service.contacts.map((c) => ({
        name: c.name,
        title: c.title,
        email: c.email,
        phones: contactsFrom.contactPhones.filter((p) => p.contact_id === c.id).map((p) => p.number),
      })),
      phones: giverOf('phones').service.phones.map((p) => p.number),
      email: giverOf('email').service.email,
      url: giverOf('url').service.url,
      howToJoin: giverOf('application_process').service.application_process,
      cost: {
        free,
        lines: costLines({
          free,
          lowest: null,
          description: costing.fees_description,
          options: costs.map((c) => {
            const amount = c.amount === null ? null : Number(c.amount);
            const text = [
              c.option,
              amount !== null && amount > 0 ? money(amount) : null,
              c.amount_description,
            ]
              .filter(Boolean)
              .join(': ');
            return { text, amount };
          }),
        }),
      },
      ages: agesWording(aged.minimum_age, aged.maximum_age),
      eligibility: giverOf('eligibility').service.eligibility_description,
      tags,
      assuredDate: service.assured_date,
      capacity: service.capacity_status,
      freshness: freshness(service.assured_date, now),
      lastModified: service.last_modified,
      sources: sourceRows.map((source) => ({
        byGroup: source.kind === 'editor',
        name: source.name,
        checkedOn: source.reviewedOn,
        receivedOn: DateTime.fromJSDate(source.fetchedAt, { zone: 'Europe/London' }).toISODate()!,
      })),
      from: Object.fromEntries(
        Object.entries(fromMerged)
          .filter(([, donor]) => givers.get(donor.serviceId))
          .map(([field, donor]) => [field, donor.sourceName]),
      ),
    };
  };
}

export type ActivityDetailsService = ReturnType<typeof createActivityDetails>;
