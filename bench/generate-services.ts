// Deterministic, realistic HSDS services for benchmarks and crash tests: same seed, same services.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { vocabulary, type TaxonomyCode } from '../src/domain/vocabulary.js';
import { prng } from './generate-activities.js';

const TOWNS: [string, number, number, string][] = [
  ['Bristol', 51.4545, -2.5879, 'BS'],
  ['Leeds', 53.7997, -1.5492, 'LS'],
  ['Manchester', 53.4808, -2.2426, 'M'],
  ['Birmingham', 52.4862, -1.8904, 'B'],
  ['Newcastle upon Tyne', 54.9783, -1.6178, 'NE'],
  ['Norwich', 52.6309, 1.2974, 'NR'],
  ['Plymouth', 50.3755, -4.1427, 'PL'],
  ['Cardiff', 51.4816, -3.1791, 'CF'],
  ['Glasgow', 55.8642, -4.2518, 'G'],
  ['Edinburgh', 55.9533, -3.1883, 'EH'],
  ['Inverness', 57.4778, -4.2247, 'IV'],
  ['Carlisle', 54.8925, -2.9329, 'CA'],
  ['Nottingham', 52.9548, -1.1581, 'NG'],
  ['Brighton', 50.8225, -0.1372, 'BN'],
  ['Southampton', 50.9097, -1.4044, 'SO'],
  ['Cambridge', 52.2053, 0.1218, 'CB'],
  ['Hull', 53.7676, -0.3274, 'HU'],
  ['Stoke-on-Trent', 53.0027, -2.1794, 'ST'],
  ['Exeter', 50.7184, -3.5339, 'EX'],
  ['Aberystwyth', 52.4153, -4.0829, 'SY'],
];
const ACTIVITIES = [
  'Walking Group',
  'Knit and Natter',
  'Coffee Morning',
  'Chair Yoga',
  'Community Choir',
  "Men's Shed",
  'Gardening Club',
  'Art Class',
  'Tai Chi',
  'Book Club',
  'Dance for Health',
  'Digital Drop-in',
  'Carers Café',
  'Bereavement Support Group',
  'Cook and Eat',
  'Conservation Volunteers',
];
const QUALIFIERS = [
  'Friendly',
  'Gentle',
  'Weekly',
  'Community',
  'Neighbourhood',
  'Village',
  'Tuesday',
  'Evening',
];
const STREETS = [
  'High Street',
  'Church Road',
  'Station Road',
  'Park Lane',
  'Mill Lane',
  'Victoria Road',
  'Green Lane',
];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function terms(code: TaxonomyCode) {
  const v = vocabulary(code);
  return v.terms.map((t) => ({
    id: t.id,
    code: t.code,
    name: t.name,
    description: t.description,
    taxonomy: v.name,
    taxonomy_id: v.id,
  }));
}
const TERMS = [...terms('needs'), ...terms('activity-types'), ...terms('suitability')];

/** Service number n (0-based) of a generated directory: org, one venue, 1–2 schedules, 2–5 tags, a cost. */
export function generatedService(n: number, seed = 42): Record<string, unknown> {
  const random = prng(seed * 1_000_003 + n);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const id = `bench-service-${n}`;
  const orgNumber = Math.floor(n / 4);
  const [town, lat, lng, area] = TOWNS[orgNumber % TOWNS.length];
  const orgId = `bench-org-${orgNumber}`;
  const activity = pick(ACTIVITIES);
  const name = `${pick(QUALIFIERS)} ${activity} ${n}`;
  const schedules = Array.from({ length: 1 + Math.floor(random() * 2) }, (_, i) => {
    const opens = 9 + Math.floor(random() * 10);
    const monthly = random() < 0.2;
    return {
      id: `${id}-schedule-${i}`,
      freq: monthly ? 'MONTHLY' : 'WEEKLY',
      interval: !monthly && random() < 0.2 ? 2 : 1,
      byday: monthly ? `${1 + Math.floor(random() * 3)}${pick(DAYS)}` : pick(DAYS),
      dtstart: '2026-01-05',
      opens_at: `${String(opens).padStart(2, '0')}:${random() < 0.5 ? '00' : '30'}`,
      closes_at: `${String(opens + 1 + Math.floor(random() * 3)).padStart(2, '0')}:00`,
      description: monthly ? 'Once a month' : 'Every week',
    };
  });
  const tagCount = 2 + Math.floor(random() * 4);
  const tags = new Map<string, (typeof TERMS)[number]>();
  while (tags.size < tagCount) {
    const term = pick(TERMS);
    tags.set(term.id, term);
  }
  const price = random() < 0.5 ? 0 : 1 + Math.floor(random() * 8);
  return {
    id,
    name,
    description: `A ${activity.toLowerCase()} in ${town} for anyone who would like to meet people and try something new. Session ${n}.`,
    url: `https://example.org/${orgId}/${n}`,
    email: `hello@${orgId}.example.org`,
    status: 'active',
    application_process: random() < 0.5 ? 'Just turn up.' : 'Call to book a place.',
    assured_date: '2026-10-01',
    last_modified: '2026-10-01T12:00:00.000Z',
    organization_id: orgId,
    organization: {
      id: orgId,
      name: `${town} Community Group ${orgNumber}`,
      description: `A fictional community group in ${town}.`,
      website: `https://example.org/${orgId}`,
    },
    phones: [{ id: `${id}-phone`, number: `0117 496 ${String(n % 10000).padStart(4, '0')}`, type: 'voice' }],
    service_at_locations: [
      {
        id: `${id}-at`,
        location: {
          id: `${id}-venue`,
          location_type: 'physical',
          name: `${town} ${pick(['Community Centre', 'Library', 'Church Hall', 'Park'])}`,
          latitude: Math.round((lat + (random() - 0.5) * 0.2) * 1e5) / 1e5,
          longitude: Math.round((lng + (random() - 0.5) * 0.3) * 1e5) / 1e5,
          addresses: [
            {
              id: `${id}-address`,
              address_1: `${1 + Math.floor(random() * 200)} ${pick(STREETS)}`,
              city: town,
              postal_code: `${area}${1 + Math.floor(random() * 20)} ${1 + Math.floor(random() * 9)}AA`,
              country: 'GB',
              address_type: 'physical',
            },
          ],
        },
      },
    ],
    schedules,
    cost_options: [
      { id: `${id}-cost`, option: price === 0 ? 'Free' : 'Per session', amount: price, currency: 'GBP' },
    ],
    attributes: [...tags.values()].map((term, i) => ({
      id: `${id}-tag-${i}`,
      taxonomy_term_id: term.id,
      taxonomy_term: term,
    })),
  };
}

/** Writes `count` generated services as one HSDS JSON array. */
export async function writeGeneratedServices(file: string, count: number, seed = 42): Promise<void> {
  const out = createWriteStream(file);
  out.write('[');
  for (let n = 0; n < count; n++) {
    if (!out.write(`${n ? ',\n' : '\n'}${JSON.stringify(generatedService(n, seed))}`))
      await once(out, 'drain');
  }
  out.end('\n]\n');
  await finished(out);
}
