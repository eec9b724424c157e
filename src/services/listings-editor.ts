// The activity editor: reads the form, builds an HSDS service document, and sends it for review or
// publishes it through the listing store; cancelling a date, pausing and closing act straight away.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { isMember, type UserAccount } from '../db/account-store.js';
import {
  cancellationsOf,
  findManagedActivity,
  insertCancellation,
  scheduleOnDate,
  setCapacityStatus,
  setServiceStatus,
  upcomingSessionDates,
  type ManagedActivity,
} from '../db/activity-store.js';
import { recordAudit } from '../db/audit-log.js';
import { refreshDerivedData } from '../db/listing-refresh.js';
import { clearFlag } from '../db/freshness-store.js';
import {
  decideDraft,
  draftsOfOrganization,
  findDraft,
  insertDraft,
  latestDraftForService,
  publishedDocument,
  type ListingDraft,
} from '../db/listing-draft-store.js';
import { storeListings } from '../db/listing-store.js';
import { findOrganization, servicesOfOrganization } from '../db/organization-store.js';
import { Attribute, Service } from '../db/entities/index.js';
import { changesPublishAtOnce } from '../domain/moderation.js';
import { expandSchedule, parseByday, scheduleRule } from '../domain/schedule/index.js';
import {
  buildSchedules,
  previewSchedules,
  readDate,
  type BuiltSchedule,
  type ScheduleChoice,
} from '../domain/schedule/builder.js';
import { plainText } from '../domain/text.js';
import { termByCode, vocabulary, type TaxonomyCode } from '../domain/vocabulary.js';
import { locate } from '../geo/locate.js';
import { convertHsdsService } from '../importer/hsds/service.js';
import { LINK_RULE, safeLink } from '../domain/links.js';
import type { FormError } from '../web/form-state.js';
import { mustConfirmEmail } from './accounts.js';

export const CAPACITY_OPTIONS = ['spaces', 'full', 'waiting_list'] as const;
export const NEWCOMER_CODES = ['new-members-welcome', 'someone-will-meet-you', 'bring-a-friend'];

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

const LIMITS: Partial<Record<keyof ActivityForm, number>> = {
  name: 120,
  description: 5000,
  venueName: 200,
  address1: 200,
  town: 100,
  postcode: 10,
  onlineUrl: 500,
  areaName: 200,
  costAmount: 10,
  costDescription: 300,
  accessibility: 1000,
  contactName: 120,
  contactEmail: 254,
  contactPhone: 40,
  bookingUrl: 500,
  howToJoin: 1000,
  dates: 2000,
};

const LABELS: Partial<Record<keyof ActivityForm, string>> = {
  name: 'Name',
  description: 'Description',
  venueName: 'Venue name',
  address1: 'Street address',
  town: 'Town',
  postcode: 'Postcode',
  onlineUrl: 'Joining link',
  areaName: 'Area',
  costAmount: 'Cost',
  costDescription: 'Cost details',
  accessibility: 'Accessibility',
  contactName: 'Contact name',
  contactEmail: 'Contact email',
  contactPhone: 'Contact phone',
  bookingUrl: 'Booking link',
  howToJoin: 'How to join',
  dates: 'Dates',
};

const STRING_FIELDS: (keyof ActivityForm)[] = [
  'name',
  'description',
  'whereKind',
  'venueName',
  'address1',
  'town',
  'postcode',
  'onlineUrl',
  'areaName',
  'pattern',
  'day',
  'firstDate',
  'weekOfMonth',
  'dates',
  'startDate',
  'endDate',
  'opensAt',
  'closesAt',
  'costKind',
  'costAmount',
  'costDescription',
  'accessibility',
  'contactName',
  'contactEmail',
  'contactPhone',
  'bookingUrl',
  'howToJoin',
  'capacity',
];
const LIST_FIELDS = ['needs', 'suitability', 'newcomer', 'days'] as const;

export function emptyActivityForm(): ActivityForm {
  const form = Object.fromEntries(STRING_FIELDS.map((f) => [f, ''])) as unknown as ActivityForm;
  for (const f of LIST_FIELDS) form[f] = [];
  form.whereKind = 'venue';
  form.pattern = 'weekly';
  form.costKind = 'free';
  form.capacity = 'spaces';
  return form;
}

/** The editor's fields from a posted form body (or a stored draft), as strings and lists of strings. */
export function readActivityForm(body: unknown): ActivityForm {
  const source = (body ?? {}) as Record<string, unknown>;
  const form = emptyActivityForm();
  for (const f of STRING_FIELDS) {
    const value = source[f];
    if (typeof value === 'string')
      (form as unknown as Record<string, unknown>)[f] = value.replace(/\r\n/g, '\n');
  }
  for (const f of LIST_FIELDS) {
    const value = source[f];
    form[f] =
      typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value.filter((v) => typeof v === 'string')
          : [];
  }
  return form;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;

function attributesFor(serviceId: string, taxonomy: TaxonomyCode, codes: string[]) {
  return codes.flatMap((code) => {
    const term = termByCode(taxonomy, code);
    return term ? [{ id: `${serviceId}-${taxonomy}-${code}`, taxonomy_term_id: term.id }] : [];
  });
}

export interface BuiltActivity {
  document: Record<string, unknown>;
  schedules: BuiltSchedule[];
}

export function createListingsEditor(dataSource: DataSource) {
  /** Checks every field; the document is only built when there are no problems. */
  async function buildActivity(
    form: ActivityForm,
    serviceId: string,
    organizationId: string,
    status: string,
    now: Date,
  ): Promise<{ built: BuiltActivity | null; errors: FormError[] }> {
    const errors: FormError[] = [];
    const error = (field: string, message: string) => errors.push({ field, message });
    for (const [field, limit] of Object.entries(LIMITS) as [keyof ActivityForm, number][]) {
      const value = form[field];
      if (typeof value === 'string' && value.length > limit)
        error(
          field,
          `${LABELS[field] ?? field} must be ${limit.toLocaleString('en-GB')} characters or fewer`,
        );
    }
    if (!form.name.trim()) error('name', 'Enter the name of the activity');
    if (!form.description.trim()) error('description', 'Describe the activity in a sentence or two');
    const unknownNeed = form.needs.find((c) => !termByCode('needs', c));
    if (unknownNeed) error('needs', `"${unknownNeed}" is not one of the needs listed`);
    const suitability = [...form.suitability, ...form.newcomer];
    const unknownSuit = suitability.find((c) => !termByCode('suitability', c));
    if (unknownSuit) error('suitability', `"${unknownSuit}" is not one of the options listed`);

    let point: { latitude: number; longitude: number } | null = null;
    if (form.whereKind === 'venue') {
      if (!form.venueName.trim() && !form.address1.trim())
        error('venueName', 'Enter the name of the venue or its street address');
      if (!form.postcode.trim()) error('postcode', 'Enter the postcode of the venue, like BS5 6XX');
      else if (!POSTCODE.test(form.postcode.trim()))
        error('postcode', 'Enter a full UK postcode, like BS5 6XX');
      else {
        const found = await locate(dataSource, form.postcode);
        if (found.found) point = { latitude: found.latitude, longitude: found.longitude };
        else
          error(
            'postcode',
            `We could not find the postcode ${form.postcode.trim().toUpperCase()}. Check it is right.`,
          );
      }
    } else if (form.whereKind === 'online') {
      if (form.onlineUrl.trim() && !safeLink(form.onlineUrl))
        error('onlineUrl', `Joining link must be ${LINK_RULE}`);
    } else if (form.whereKind === 'area') {
      if (!form.areaName.trim()) error('areaName', 'Enter the area it covers, like "East Bristol"');
    } else error('whereKind', 'Choose where it happens: at a venue, online, or across an area');

    const { schedules, problems } = buildSchedules(form);
    errors.push(...problems);

    let amount: number | null = null;
    if (form.costKind === 'paid') {
      const typed = form.costAmount.trim().replace(/^£/, '');
      amount = Number(typed);
      if (!typed || !Number.isFinite(amount) || amount <= 0 || amount > 10000)
        error('costAmount', 'Enter the cost in pounds, like 3 or 2.50');
    } else if (form.costKind !== 'free') error('costKind', 'Choose whether it is free or costs money');

    if (form.contactEmail.trim() && !EMAIL.test(form.contactEmail.trim()))
      error('contactEmail', 'Enter an email address in the correct format, like name@example.com');
    if (form.contactPhone.trim() && !/^[\d\s()+-]{6,40}$/.test(form.contactPhone.trim()))
      error('contactPhone', 'Enter a phone number using digits and spaces, like 0117 496 0000');
    if (form.bookingUrl.trim() && !safeLink(form.bookingUrl))
      error('bookingUrl', `Booking link must be ${LINK_RULE}`);
    if (!(CAPACITY_OPTIONS as readonly string[]).includes(form.capacity))
      error('capacity', 'Choose whether there are spaces, it is full, or there is a waiting list');
    if (errors.length) return { built: null, errors };

    const t = (value: string) => value.trim() || null;
    const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).toISODate();
    const locations: Record<string, unknown>[] = [];
    if (form.whereKind === 'venue') {
      locations.push({
        id: `${serviceId}-sal`,
        location: {
          id: `${serviceId}-venue`,
          location_type: 'physical',
          name: t(form.venueName),
          latitude: point!.latitude,
          longitude: point!.longitude,
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
    const document: Record<string, unknown> = {
      id: serviceId,
      organization_id: organizationId,
      name: form.name.trim(),
      description: form.description.trim(),
      status,
      url: safeLink(form.bookingUrl),
      email: t(form.contactEmail),
      application_process: t(form.howToJoin),
      fees_description: t(form.costDescription),
      eligibility_description: form.whereKind !== 'venue' ? t(form.accessibility) : null,
      assured_date: today,
      service_at_locations: locations,
      service_areas:
        form.whereKind === 'area' ? [{ id: `${serviceId}-area`, name: form.areaName.trim() }] : [],
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
        ...attributesFor(serviceId, 'suitability', [...new Set(suitability)]),
      ],
      capacity_status: form.capacity,
    };
    return { built: { document, schedules }, errors: [] };
  }

  /** Publishes a document through the listing store, keeping dates already cancelled. */
  async function publish(document: Record<string, unknown>, now: Date): Promise<void> {
    const { capacity_status: capacity, ...hsds } = document;
    const converted = convertHsdsService(hsds);
    if (!('listing' in converted))
      throw new Error(`activity could not be published: ${converted.reasons.join('; ')}`);
    const listing = converted.listing;
    const serviceId = listing.service.id;
    const existing = await cancellationsOf(dataSource, serviceId);
    const from = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
    for (const cancelled of existing) {
      const day = DateTime.fromISO(cancelled.date, { zone: 'Europe/London' });
      if (day < from) continue;
      // A cancelled date is kept on whichever new schedule still has a session that day.
      const schedule = listing.schedules.find(
        (s) =>
          expandSchedule(scheduleRule(s, []), day.toJSDate(), day.plus({ days: 1 }).toJSDate(), 1).length > 0,
      );
      if (schedule)
        listing.cancellations.push({
          schedule_id: schedule.id,
          date: cancelled.date,
          reason: cancelled.reason,
        });
    }
    await storeListings(dataSource, [listing], { source: 'editor', now });
    await setCapacityStatus(dataSource, serviceId, typeof capacity === 'string' ? capacity : null);
    // A published edit carries today's review date, so the listing is no longer stale.
    await clearFlag(dataSource, serviceId);
  }

  /** The editor's fields for a listing that was imported rather than typed here (after a claim). */
  async function formFromPublished(serviceId: string): Promise<ActivityForm | null> {
    const service = await dataSource.getRepository(Service).findOne({
      where: { id: serviceId },
      relations: {
        service_at_locations: { location: { addresses: true, accessibility: true } },
        schedules: true,
        cost_options: true,
        service_areas: true,
        contacts: true,
        phones: true,
      },
    });
    if (!service) return null;
    const attributes = await dataSource.getRepository(Attribute).find({
      where: { link_entity: 'service', link_id: serviceId },
      relations: { taxonomy_term: true },
    });
    const codesIn = (taxonomy: TaxonomyCode) =>
      attributes
        .filter((a) => a.taxonomy_term?.taxonomy_id === vocabulary(taxonomy).id)
        .map((a) => a.taxonomy_term.code ?? '');
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
    form.needs = codesIn('needs');
    const suitability = codesIn('suitability');
    form.newcomer = suitability.filter((c) => NEWCOMER_CODES.includes(c));
    form.suitability = suitability.filter((c) => !NEWCOMER_CODES.includes(c));

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
        endDate: timed.until ?? '',
      });
    if (repeating) {
      const days = parseByday(repeating.byday);
      const ordinal = /^(-?\d)([A-Z]{2})$/.exec(days[0] ?? '');
      if (repeating.freq === 'MONTHLY' && ordinal)
        Object.assign(form, { pattern: 'monthly', weekOfMonth: ordinal[1], day: ordinal[2] });
      else if (repeating.freq === 'WEEKLY' && (repeating.interval ?? 1) === 2)
        Object.assign(form, {
          pattern: 'fortnightly',
          day: days[0] ?? '',
          firstDate: repeating.dtstart ?? '',
        });
      else Object.assign(form, { pattern: 'weekly', days, startDate: repeating.dtstart ?? '' });
    } else if (schedules.length) {
      Object.assign(form, {
        pattern: 'dates',
        dates: schedules
          .map((s) => s.dtstart)
          .filter(Boolean)
          .sort()
          .join('\n'),
      });
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
    const capacity = (await findManagedActivity(dataSource, serviceId))?.capacityStatus;
    if (capacity) form.capacity = capacity;
    return form;
  }

  const canManage = async (user: UserAccount, organizationId: string | null) =>
    organizationId !== null &&
    (user.role === 'steward' || (await isMember(dataSource, user.id, organizationId)));

  return {
    buildActivity,
    publish,
    previewSchedules,

    /** The organisation if this user may manage it; null hides whether it exists. */
    async organizationFor(user: UserAccount, organizationId: string) {
      if (!(await canManage(user, organizationId))) return null;
      return findOrganization(dataSource, organizationId);
    },

    /** The published activity if this user's organisation runs it; null otherwise. */
    async activityFor(user: UserAccount, serviceId: string): Promise<ManagedActivity | null> {
      const activity = await findManagedActivity(dataSource, serviceId);
      if (!activity || !(await canManage(user, activity.organizationId))) return null;
      return activity;
    },

    async draftFor(user: UserAccount, draftId: string): Promise<ListingDraft | null> {
      const draft = await findDraft(dataSource, draftId);
      if (!draft || !(await canManage(user, draft.organizationId))) return null;
      return draft;
    },

    async organizationOverview(organizationId: string) {
      return {
        activities: await servicesOfOrganization(dataSource, organizationId),
        drafts: await draftsOfOrganization(dataSource, organizationId),
      };
    },

    /** What the editor shows for an existing activity: what was last typed here, or else the imported listing. */
    async formFor(serviceId: string): Promise<ActivityForm | null> {
      const draft = await latestDraftForService(dataSource, serviceId);
      return draft ? readActivityForm(draft.form) : formFromPublished(serviceId);
    },

    upcomingDates: (serviceId: string) => upcomingSessionDates(dataSource, serviceId, 26),
    cancellations: (serviceId: string) => cancellationsOf(dataSource, serviceId),

    /**
     * New activities always wait for a steward; edits publish at once for trusted organisers.
     * Returns the draft id and whether it was published.
     */
    async submit(
      user: UserAccount,
      organizationId: string,
      serviceId: string | null,
      form: ActivityForm,
      now = new Date(),
    ): Promise<{ errors: FormError[]; draftId?: string; published?: boolean; serviceId?: string }> {
      const unconfirmed = mustConfirmEmail(user);
      if (unconfirmed.length) return { errors: unconfirmed };
      const existing = serviceId ? await findManagedActivity(dataSource, serviceId) : null;
      const id = serviceId ?? `act-${randomUUID()}`;
      const { built, errors } = await buildActivity(
        form,
        id,
        organizationId,
        existing?.status ?? 'active',
        now,
      );
      if (!built) return { errors };
      const before = existing ? await publishedDocument(dataSource, id) : null;
      const draftId = await insertDraft(dataSource, {
        serviceId: id,
        organizationId,
        authorId: user.id,
        document: built.document,
        form,
      });
      await recordAudit(dataSource, {
        user,
        action: existing ? 'propose-edit' : 'propose-new',
        entity: 'service',
        entityId: id,
        before,
        after: built.document,
      });
      const publishNow = existing !== null && changesPublishAtOnce(user);
      if (publishNow) {
        await publish(built.document, now);
        await decideDraft(dataSource, draftId, { status: 'approved', reason: null, deciderId: user.id });
        await recordAudit(dataSource, {
          user,
          action: 'publish (trusted organiser)',
          entity: 'service',
          entityId: id,
          before,
          after: built.document,
        });
      }
      return { errors: [], draftId, published: publishNow, serviceId: id };
    },

    /** Cancels one session: it leaves that date's search results and shows on the page with the reason. */
    async cancelDate(
      user: UserAccount,
      serviceId: string,
      date: string,
      reason: string,
      now = new Date(),
    ): Promise<FormError[]> {
      const errors: FormError[] = [];
      const day = readDate(date);
      if (!date.trim()) errors.push({ field: 'date', message: 'Choose the date to cancel' });
      else if (!day) errors.push({ field: 'date', message: 'Date must be a real date, like 2026-12-22' });
      if (!reason.trim())
        errors.push({
          field: 'reason',
          message: 'Say why, so people know: for example "Christmas holidays"',
        });
      else if (reason.length > 200)
        errors.push({ field: 'reason', message: 'Reason must be 200 characters or fewer' });
      if (errors.length) return errors;
      const scheduleId = await scheduleOnDate(dataSource, serviceId, day!);
      if (!scheduleId) return [{ field: 'date', message: `There is no session on ${day} to cancel` }];
      await dataSource.transaction(async (db) => {
        await insertCancellation(db, scheduleId, day!, reason.trim());
        await refreshDerivedData(db, [serviceId], now);
        await recordAudit(db, {
          user,
          action: 'cancel-date',
          entity: 'service',
          entityId: serviceId,
          before: null,
          after: { cancelled_date: day, reason: reason.trim() },
        });
      });
      return [];
    },

    /** Pause (temporarily closed), reopen (active) or close (inactive: off the directory). */
    async setStatus(
      user: UserAccount,
      activity: ManagedActivity,
      status: string,
      now = new Date(),
    ): Promise<boolean> {
      if (!['active', 'temporarily closed', 'inactive'].includes(status)) return false;
      await dataSource.transaction(async (db) => {
        await setServiceStatus(db, activity.id, status);
        await refreshDerivedData(db, [activity.id], now);
        await recordAudit(db, {
          user,
          action: 'set-status',
          entity: 'service',
          entityId: activity.id,
          before: { status: activity.status },
          after: { status },
        });
      });
      return true;
    },
  };
}

export type ListingsEditor = ReturnType<typeof createListingsEditor>;
