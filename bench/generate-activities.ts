// A deterministic generator of realistic activities spread over GB postcode districts, for benchmarks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vocabularies, vocabulary } from '../src/domain/vocabulary.js';
import type { Listing } from '../src/importer/listing.js';

/** Mulberry32: small, fast and the same sequence for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface District {
  outcode: string;
  latitude: number;
  longitude: number;
  postcodes: number;
}

export function readDistricts(sharedDataDir: string): District[] {
  const file = path.join(sharedDataDir, 'geo/outcodes-codepoint-open-2025-10.csv');
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines
    .map((line) => line.split(','))
    .map(([outcode, lat, lng, , , count]) => ({
      outcode,
      latitude: Number(lat),
      longitude: Number(lng),
      postcodes: Number(count),
    }))
    .filter((d) => Number.isFinite(d.latitude) && d.postcodes > 0);
}

const ACTIVITY_WORDS: Record<string, string[]> = {
  walking: ['Walking Group', 'Health Walk', 'Ramblers', 'Nature Walk'],
  gardening: ['Community Garden', 'Allotment Club', 'Growing Group'],
  'art-craft': ['Art Class', 'Knit and Natter', 'Craft Club', 'Pottery Session'],
  'singing-music': ['Community Choir', 'Ukulele Club', 'Singing for the Brain'],
  dance: ['Tea Dance', 'Dance Fitness', 'Line Dancing'],
  'chair-exercise': ['Chair-Based Exercise', 'Seated Yoga', 'Strength and Balance'],
  'yoga-tai-chi': ['Tai Chi', 'Gentle Yoga', 'Pilates'],
  swimming: ['Swim Session', 'Aqua Fit'],
  cycling: ['Cycling Club', 'Bike Ride'],
  sport: ['Walking Football', 'Table Tennis', 'Bowls Club'],
  'social-group': ['Coffee Morning', 'Lunch Club', 'Friendship Group'],
  'mens-shed': ["Men's Shed", 'Woodwork Workshop'],
  befriending: ['Befriending Service', 'Telephone Friends'],
  'peer-support': ['Peer Support Group', 'Talking Group'],
  'cooking-food': ['Cook and Eat', 'Community Kitchen'],
  'reading-writing': ['Book Club', 'Creative Writing'],
  'digital-skills': ['Digital Drop-in', 'Tablet Help'],
  conservation: ['Conservation Volunteers', 'Litter Pickers'],
  'advice-session': ['Advice Drop-in', 'Benefits Advice'],
  mindfulness: ['Mindfulness Group', 'Relaxation Session'],
};
const PLACES = [
  'Community Centre',
  'Church Hall',
  'Library',
  'Park',
  'Leisure Centre',
  'Village Hall',
  'Mosque Hall',
  'Pub Back Room',
];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** The taxonomies whose terms the generator gives each activity. */
const GENERATED_TAXONOMIES = ['activity-types', 'needs', 'suitability'] as const;

/**
 * What people would type to find the generated activities: the activity names, the term names and synonyms the
 * generator writes into each listing, and the longer single words of both, in lower case.
 */
export function searchWords(): string[] {
  const phrases = [
    ...Object.values(ACTIVITY_WORDS).flat(),
    ...GENERATED_TAXONOMIES.flatMap((code) => vocabulary(code).terms.flatMap((t) => [t.name, ...t.synonyms])),
  ].map((phrase) => phrase.toLowerCase().trim());
  const words = phrases.flatMap((phrase) => phrase.split(/[^a-z']+/)).filter((word) => word.length >= 4);
  return [...new Set([...phrases, ...words])].filter(Boolean).sort();
}

export interface GeneratedActivity {
  listing: Listing;
  /** Text a person would search, for the in-memory baseline. */
  text: string;
}

export function generateActivities(count: number, districts: District[], seed = 42): GeneratedActivity[] {
  return [...activitiesOf(count, districts, seed)];
}

/** The same activities one at a time, so that a million never need to be held at once. */
export function* activitiesOf(count: number, districts: District[], seed = 42): Generator<GeneratedActivity> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const types = vocabulary('activity-types').terms;
  const needs = vocabulary('needs').terms;
  const suitability = vocabulary('suitability').terms;
  const taxonomyRows = vocabularies.map((v) => ({
    id: v.id,
    name: v.name,
    description: v.description,
    uri: null,
    version: null,
  }));
  for (let i = 0; i < count; i++) {
    const id = `bench-${i}`;
    const orgId = `bench-org-${Math.floor(i / 4)}`;
    const district = pick(districts);
    const type = pick(types);
    const name = `${district.outcode} ${pick(ACTIVITY_WORDS[type.code] ?? [type.name])}`;
    const chosenNeeds = [pick(needs), pick(needs)].filter((t, j, all) => all.indexOf(t) === j);
    const chosenSuitability = [pick(suitability), pick(suitability)].filter(
      (t, j, all) => all.indexOf(t) === j,
    );
    const terms = [type, ...chosenNeeds, ...chosenSuitability];
    const kind = random();
    const online = kind < 0.05;
    const latitude = district.latitude + (random() - 0.5) * 0.03;
    const longitude = district.longitude + (random() - 0.5) * 0.05;
    const hour = 9 + Math.floor(random() * 11);
    const opens = `${String(hour).padStart(2, '0')}:${random() < 0.5 ? '00' : '30'}`;
    const closes = `${String(Math.min(hour + 2, 23)).padStart(2, '0')}:00`;
    const free = random() < 0.6;
    const pattern = random();
    const schedule = {
      id: `${id}-s`,
      service_id: id,
      location_id: null,
      service_at_location_id: null,
      valid_from: null,
      valid_to: null,
      dtstart: pattern < 0.15 ? '2026-01-05' : null,
      timezone: 'Europe/London',
      until: null,
      count: null,
      wkst: null,
      freq: (pattern < 0.8 ? 'WEEKLY' : 'MONTHLY') as 'WEEKLY' | 'MONTHLY',
      interval: pattern < 0.15 ? 2 : 1,
      byday:
        pattern < 0.7
          ? pick(DAYS)
          : pattern < 0.8
            ? `${pick(DAYS)},${pick(DAYS.slice(0, 5))}`
            : `${pick(['1', '2', '3', '-1'])}${pick(DAYS)}`,
      byweekno: null,
      bymonthday: null,
      byyearday: null,
      description: null,
      opens_at: opens,
      closes_at: closes,
      schedule_link: null,
      attending_type: online ? 'online' : 'in person',
      notes: null,
      from_description: null,
    };
    if (schedule.freq === 'WEEKLY' && schedule.byday.includes(',')) {
      schedule.byday = [...new Set(schedule.byday.split(','))].join(',');
    }
    const description = `${name} meets at the ${pick(PLACES).toLowerCase()}. ${type.description}. Everyone is welcome; ${chosenNeeds.map((n) => n.name.toLowerCase()).join(' and ')}.`;
    const listing: Listing = {
      organization: {
        id: orgId,
        name: `${district.outcode} Community Trust ${Math.floor(i / 4)}`,
        alternate_name: null,
        description: null,
        email: null,
        website: null,
        tax_status: null,
        tax_id: null,
        year_incorporated: null,
        legal_status: null,
        logo: null,
        uri: null,
        parent_organization_id: null,
      },
      service: {
        id,
        organization_id: orgId,
        program_id: null,
        name,
        alternate_name: null,
        description,
        url: null,
        email: null,
        status: 'active',
        interpretation_services: null,
        application_process: null,
        fees_description: null,
        wait_time: null,
        fees: null,
        accreditations: null,
        eligibility_description: null,
        minimum_age: null,
        maximum_age: null,
        assured_date: `2026-${String(1 + Math.floor(random() * 11)).padStart(2, '0')}-01`,
        assurer_email: null,
        licenses: null,
        alert: null,
        last_modified: null,
      },
      locations: online
        ? [
            {
              location: {
                id: `${id}-l`,
                location_type: 'virtual',
                url: 'https://example.org/join',
                organization_id: orgId,
                name: 'Online',
                alternate_name: null,
                description: null,
                transportation: null,
                latitude: null,
                longitude: null,
                external_identifier: null,
                external_identifier_type: null,
              },
              addresses: [],
              accessibility: [],
            },
          ]
        : [
            {
              location: {
                id: `${id}-l`,
                location_type: 'physical',
                url: null,
                organization_id: orgId,
                name: `${district.outcode} ${pick(PLACES)}`,
                alternate_name: null,
                description: null,
                transportation: null,
                latitude,
                longitude,
                external_identifier: null,
                external_identifier_type: null,
              },
              addresses: [],
              accessibility: [],
            },
          ],
      serviceAtLocations: [{ id: `${id}-sal`, service_id: id, location_id: `${id}-l`, description: null }],
      schedules: [schedule],
      cancellations: [],
      taxonomies: taxonomyRows,
      terms: [],
      attributes: terms.map((t, j) => ({
        id: `${id}-a${j}`,
        link_id: id,
        taxonomy_term_id: t.id,
        link_type: null,
        link_entity: 'service',
        value: null,
      })),
      contacts: [],
      phones: [],
      costOptions: [
        {
          id: `${id}-c`,
          service_id: id,
          valid_from: null,
          valid_to: null,
          option: free ? 'Free' : 'Per session',
          currency: 'GBP',
          amount: free ? 0 : 3,
          amount_description: null,
        },
      ],
      serviceAreas: [],
    };
    yield {
      listing,
      text: `${name} ${terms.map((t) => `${t.name} ${t.synonyms.join(' ')}`).join(' ')} ${description}`,
    };
  }
}
