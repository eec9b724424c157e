// Small HSDS 3.0 services for tests, built in code so each test shows the facts it depends on.
import { termByCode, vocabulary, type TaxonomyCode } from '../../src/domain/vocabulary.js';

export const EASTON = { latitude: 51.4626, longitude: -2.5604 }; // BS5
export const CLIFTON = { latitude: 51.4557, longitude: -2.6203 }; // about 4.2 km west of Easton
export const LEEDS = { latitude: 53.7997, longitude: -1.5492 };

let counter = 0;

export function term(taxonomy: TaxonomyCode, code: string) {
  const t = termByCode(taxonomy, code);
  if (!t) throw new Error(`no ${taxonomy} term ${code}`);
  const v = vocabulary(taxonomy);
  return {
    id: `attr-${++counter}`,
    taxonomy_term_id: t.id,
    taxonomy_term: {
      id: t.id,
      code: t.code,
      name: t.name,
      description: t.description,
      taxonomy: v.name,
      taxonomy_id: v.id,
    },
  };
}

export interface FixtureOptions {
  id: string;
  name: string;
  description?: string;
  at?: { latitude: number; longitude: number; name?: string; postcode?: string; city?: string } | null;
  online?: boolean;
  area?: { name: string; ring: [number, number][] };
  schedules?: Record<string, unknown>[];
  free?: boolean;
  price?: number;
  needs?: string[];
  suitability?: string[];
  types?: string[];
  assured?: string;
  status?: string;
  organization?: string;
  extra?: Record<string, unknown>;
}

export function service(o: FixtureOptions): Record<string, unknown> {
  const orgId = o.organization ?? `org-${o.id}`;
  const locations: Record<string, unknown>[] = [];
  if (o.at) {
    locations.push({
      id: `sal-${o.id}`,
      location: {
        id: `loc-${o.id}`,
        location_type: 'physical',
        name: o.at.name ?? `${o.name} venue`,
        latitude: o.at.latitude,
        longitude: o.at.longitude,
        addresses: [
          {
            id: `addr-${o.id}`,
            address_1: '1 Test Street',
            city: o.at.city ?? 'Bristol',
            postal_code: o.at.postcode ?? 'BS5 6XX',
            country: 'GB',
            address_type: 'physical',
          },
        ],
      },
    });
  }
  if (o.online) {
    locations.push({
      id: `sal-online-${o.id}`,
      location: {
        id: `loc-online-${o.id}`,
        location_type: 'virtual',
        name: 'Online (Zoom)',
        url: 'https://example.org/join',
      },
    });
  }
  return {
    id: o.id,
    name: o.name,
    description: o.description ?? `${o.name}: a friendly session.`,
    status: o.status ?? 'active',
    assured_date: o.assured ?? '2026-11-01',
    organization_id: orgId,
    organization: {
      id: orgId,
      name: `${o.organization ?? o.name} Trust`,
      description: 'Fictional test organisation.',
    },
    service_at_locations: locations,
    schedules: o.schedules ?? [
      { id: `sch-${o.id}`, freq: 'WEEKLY', byday: 'TU', opens_at: '10:00', closes_at: '12:00' },
    ],
    service_areas: o.area
      ? [
          {
            id: `area-${o.id}`,
            name: o.area.name,
            extent_type: 'geojson',
            extent: JSON.stringify({ type: 'Polygon', coordinates: [o.area.ring] }),
          },
        ]
      : [],
    cost_options:
      o.free === false || o.price
        ? [{ id: `cost-${o.id}`, option: 'Per session', amount: o.price ?? 3, currency: 'GBP' }]
        : [{ id: `cost-${o.id}`, option: 'Free', amount: 0, currency: 'GBP' }],
    attributes: [
      ...(o.needs ?? []).map((c) => term('needs', c)),
      ...(o.suitability ?? []).map((c) => term('suitability', c)),
      ...(o.types ?? []).map((c) => term('activity-types', c)),
    ],
    ...o.extra,
  };
}

/** A ring (lng, lat) roughly around central and east Bristol. */
export const BRISTOL_RING: [number, number][] = [
  [-2.7, 51.4],
  [-2.45, 51.4],
  [-2.45, 51.52],
  [-2.7, 51.52],
  [-2.7, 51.4],
];
