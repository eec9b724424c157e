// What each field says about two records being one activity, as a weight: positive for agreement, negative
// for disagreement, nothing when a field is missing on either side. docs/matching.md explains the figures.
import { emailHost, WEBMAIL_HOSTS } from './contact.js';
import { compareNames, type NameAgreement } from './names.js';
import type { PreparedRecord } from './record.js';
import { distanceMetres } from '../distance.js';
import { compareAddresses, comparePostcodes, type AddressAgreement } from './venue.js';
import { dice } from './words.js';

export type Field = 'name' | 'organisation' | 'venue' | 'address' | 'phone' | 'email' | 'website';

export interface Evidence {
  field: Field;
  outcome: 'agree' | 'partial' | 'disagree';
  weight: number;
  /** In words a steward reads beside the two records. */
  detail: string;
}

/** Log-odds-like weights: roughly how many times likelier the outcome is for one activity than for two. */
export const WEIGHTS = {
  name: { exact: 6, close: 4, contained: 3, partial: 1, different: -8 } satisfies Record<
    NameAgreement,
    number
  >,
  organisation: { same: 1, different: -1 },
  venue: {
    /** Within 150 m, or the same postcode (within 1 km when both have coordinates). */
    samePlace: 5,
    /** Within 500 m, or the same postcode sector. */
    veryNear: 3,
    /** Within 2 km, or the same postcode district. */
    near: 1,
    /** 2–5 km apart. */
    sameArea: -3,
    /** More than 5 km apart: another town or neighbourhood. */
    far: -8,
    /** Same postcode, coordinates far apart: one of the two is wrong. */
    postcodeOnly: 2,
    /** No coordinates on one side: postcodes in other districts of one area, or other areas. */
    otherDistrict: -2,
    otherArea: -6,
  },
  address: {
    'same street and number': 3,
    'same street': 2,
    'words agree': 2,
    'words overlap': 1,
    'no likeness': 0,
    'same street, other number': -1,
    'other street': -1,
  } satisfies Record<AddressAgreement, number>,
  phone: { same: 5, different: -1 },
  email: { same: 5, sameMailboxName: 1.5, sameHost: 0, different: -1 },
  website: { samePage: 3, sameHost: 0.5, different: -0.5 },
  /** An agreeing phone, e-mail or page shared by many records of one source still counts this much. */
  sharedFloor: 0.5,
};

export type SharedField = 'phone' | 'email' | 'website' | 'postcode';

/** How many records of a source carry a value ("email", "libraries@example.gov.uk"; "postcode", "M4 5JD"). */
export type SharedValues = (field: SharedField, value: string, source: string) => number;

export const NOTHING_SHARED: SharedValues = () => 1;

/**
 * A value on one record is a fingerprint; the same value on twelve is a switchboard (or a building with twelve
 * activities): the weight falls by one per doubling of the records of either source that carry it.
 */
function sharedWeight(
  base: number,
  field: SharedField,
  value: string,
  a: PreparedRecord,
  b: PreparedRecord,
  shared: SharedValues,
): { weight: number; note: string } {
  const count = Math.max(shared(field, value, a.record.source), shared(field, value, b.record.source));
  if (count <= 1) return { weight: base, note: '' };
  const note =
    field === 'postcode' ? ` (${count} records at this postcode)` : ` (shared by ${count} records)`;
  return { weight: Math.max(WEIGHTS.sharedFloor, base - Math.log2(count)), note };
}

/** One field's evidence. */
const found = (field: Field, outcome: Evidence['outcome'], weight: number, detail: string): Evidence => ({
  field,
  outcome,
  weight,
  detail,
});

const metres = (value: number) =>
  value < 1000 ? `${Math.round(value / 10) * 10} m` : `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)} km`;

function nameEvidence(a: PreparedRecord, b: PreparedRecord): Evidence | null {
  if (!a.name || !b.name) return null;
  const { agreement, similarity } = compareNames(a.name, b.name);
  const weight = WEIGHTS.name[agreement];
  const outcome = agreement === 'partial' ? 'partial' : agreement === 'different' ? 'disagree' : 'agree';
  const words = {
    exact: 'names are the same once common words are set aside',
    close: `names are nearly the same (${Math.round(similarity * 100)}% alike)`,
    contained: 'one name holds every word of the other',
    partial: `names share some words (${Math.round(similarity * 100)}% alike)`,
    different: `names differ (${Math.round(similarity * 100)}% alike)`,
  };
  return found('name', outcome, weight, words[agreement]);
}

function organisationEvidence(a: PreparedRecord, b: PreparedRecord): Evidence | null {
  if (!a.organisation || !b.organisation) return null;
  const { agreement } = compareNames(a.organisation, b.organisation);
  if (agreement === 'partial') return found('organisation', 'partial', 0, 'organisations are alike');
  return agreement === 'different'
    ? found('organisation', 'disagree', WEIGHTS.organisation.different, 'organisations differ')
    : found('organisation', 'agree', WEIGHTS.organisation.same, 'same organisation');
}

const POSTCODE_WORDS = {
  unit: 'same postcode',
  sector: 'same postcode sector',
  district: 'same postcode district',
  area: 'postcodes in one area',
  different: 'postcodes in different areas',
};

/** The postcode two records share, if they share one: many records there make place evidence weaker. */
const sharedUnit = (a: PreparedRecord, b: PreparedRecord) =>
  a.postcode?.unit && a.postcode.unit === b.postcode?.unit ? a.postcode.unit : null;

function venueEvidence(a: PreparedRecord, b: PreparedRecord, shared: SharedValues): Evidence | null {
  const postcodes = a.postcode && b.postcode ? comparePostcodes(a.postcode, b.postcode) : null;
  const distance = a.point && b.point ? distanceMetres(a.point, b.point) : null;
  if (postcodes === null && distance === null) return null;
  const w = WEIGHTS.venue;
  const said = [postcodes && POSTCODE_WORDS[postcodes], distance !== null && `${metres(distance)} apart`]
    .filter(Boolean)
    .join(', ');
  const evidence = (outcome: Evidence['outcome'], weight: number, detail = said): Evidence => ({
    field: 'venue',
    outcome,
    weight,
    detail,
  });
  const unit = sharedUnit(a, b);
  const samePlace = () => {
    if (!unit) return evidence('agree', w.samePlace);
    const { weight, note } = sharedWeight(w.samePlace, 'postcode', unit, a, b, shared);
    return evidence('agree', weight, `${said}${note}`);
  };
  if (distance === null) {
    if (postcodes === 'unit') return samePlace();
    if (postcodes === 'sector') return evidence('agree', w.veryNear);
    if (postcodes === 'district') return evidence('partial', w.near);
    return evidence('disagree', postcodes === 'area' ? w.otherDistrict : w.otherArea);
  }
  if (postcodes === 'unit' && distance > 1000)
    return evidence('partial', w.postcodeOnly, `${said}: the postcode or the coordinates are wrong`);
  if (distance <= 150 || (postcodes === 'unit' && distance <= 1000)) return samePlace();
  if (distance <= 500) return evidence('agree', w.veryNear);
  if (distance <= 2000) return evidence('partial', w.near);
  return evidence('disagree', distance <= 5000 ? w.sameArea : w.far);
}

function addressEvidence(a: PreparedRecord, b: PreparedRecord, shared: SharedValues): Evidence | null {
  if (!a.address || !b.address) return null;
  const agreement = compareAddresses(a.address, b.address);
  const unit = sharedUnit(a, b);
  const { weight, note } =
    unit && WEIGHTS.address[agreement] > 0
      ? sharedWeight(WEIGHTS.address[agreement], 'postcode', unit, a, b, shared)
      : { weight: WEIGHTS.address[agreement], note: '' };
  // At one postcode, two street names are more likely a corner site or a slip than two venues.
  const outcome =
    agreement === 'words overlap' || agreement === 'no likeness' || (weight < 0 && unit)
      ? 'partial'
      : weight > 0
        ? 'agree'
        : 'disagree';
  return {
    field: 'address',
    outcome,
    weight,
    detail: `addresses: ${agreement}${unit && weight < 0 ? ' at one postcode' : note}`,
  };
}

function phoneEvidence(a: PreparedRecord, b: PreparedRecord, shared: SharedValues): Evidence | null {
  if (!a.phones.length || !b.phones.length) return null;
  const same = a.phones.find((phone) => b.phones.includes(phone));
  if (!same) return found('phone', 'disagree', WEIGHTS.phone.different, 'phone numbers differ');
  const { weight, note } = sharedWeight(WEIGHTS.phone.same, 'phone', same, a, b, shared);
  return found('phone', 'agree', weight, `same phone number${note}`);
}

function emailEvidence(a: PreparedRecord, b: PreparedRecord, shared: SharedValues): Evidence | null {
  if (!a.emails.length || !b.emails.length) return null;
  const same = a.emails.find((email) => b.emails.includes(email));
  if (same) {
    const { weight, note } = sharedWeight(WEIGHTS.email.same, 'email', same, a, b, shared);
    return found('email', 'agree', weight, `same e-mail address${note}`);
  }
  for (const x of a.emails)
    for (const y of b.emails) {
      const host = emailHost(x);
      if (host !== emailHost(y) || WEBMAIL_HOSTS.has(host)) continue;
      const local = (email: string) => email.slice(0, email.lastIndexOf('@'));
      if (dice(local(x), local(y)) >= 0.7)
        return found('email', 'partial', WEIGHTS.email.sameMailboxName, 'e-mail addresses alike at one host');
      return found('email', 'partial', WEIGHTS.email.sameHost, 'e-mail addresses at one host');
    }
  return found('email', 'disagree', WEIGHTS.email.different, 'e-mail addresses differ');
}

function websiteEvidence(a: PreparedRecord, b: PreparedRecord, shared: SharedValues): Evidence | null {
  if (!a.website || !b.website) return null;
  if (a.website.page === b.website.page) {
    const { weight, note } = sharedWeight(WEIGHTS.website.samePage, 'website', a.website.page, a, b, shared);
    return found('website', 'agree', weight, `same web page${note}`);
  }
  if (a.website.host === b.website.host && !a.website.platform)
    return found('website', 'partial', WEIGHTS.website.sameHost, 'web pages on one site');
  return found('website', 'disagree', WEIGHTS.website.different, 'websites differ');
}

/** Every field's evidence for two prepared records; fields missing on either side give none. */
export function fieldEvidence(
  a: PreparedRecord,
  b: PreparedRecord,
  shared: SharedValues = NOTHING_SHARED,
): Evidence[] {
  return [
    nameEvidence(a, b),
    organisationEvidence(a, b),
    venueEvidence(a, b, shared),
    addressEvidence(a, b, shared),
    phoneEvidence(a, b, shared),
    emailEvidence(a, b, shared),
    websiteEvidence(a, b, shared),
  ].filter((evidence): evidence is Evidence => evidence !== null);
}
