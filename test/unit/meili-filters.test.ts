import { expect } from 'chai';
import { searchQuery, type SearchQuery } from '../../src/search/engine.js';
import { exactPhrase } from '../../src/search/meilisearch/meilisearch-engine.js';
import {
  anyOf,
  buildFilter,
  nearFilter,
  quote,
  timeFilters,
  VISIBLE,
} from '../../src/search/meilisearch/filters.js';
import {
  candidateDates,
  overlaps,
  sessionSlots,
  windowBuckets,
} from '../../src/search/meilisearch/session-slots.js';
import { vocabularySynonyms } from '../../src/search/meilisearch/settings.js';

// Tuesday 1 December 2026, 08:00 in London.
const NOW = new Date('2026-12-01T08:00:00Z');

const query = (q: Partial<SearchQuery>): SearchQuery => searchQuery({ radiusMetres: 8047, now: NOW, ...q });

describe('Meilisearch filter building', () => {
  it('quotes values and escapes backslashes and double quotes', () => {
    expect(quote('plain')).to.equal('"plain"');
    expect(quote('say "hi"')).to.equal('"say \\"hi\\""');
    expect(quote('back\\slash')).to.equal('"back\\\\slash"');
    // A code trying to close the string and add its own condition stays one quoted value.
    expect(quote('x" OR status = "inactive')).to.equal('"x\\" OR status = \\"inactive"');
    expect(anyOf('needs', ['a"b', 'c'])).to.equal('needs IN ["a\\"b", "c"]');
  });

  it('ANDs suitability codes, ORs needs and activity types, and always hides withdrawn listings', () => {
    const filter = buildFilter(
      query({
        needs: ['loneliness', 'carers'],
        activityTypes: ['walk'],
        suitability: ['women-only', 'drop-in'],
        freeOnly: true,
      }),
    );
    expect(filter).to.deep.equal([
      VISIBLE,
      'needs IN ["loneliness", "carers"]',
      'activity_types IN ["walk"]',
      'suitability = "women-only"',
      'suitability = "drop-in"',
      'is_free = true',
    ]);
    expect(buildFilter(query({ needs: ['loneliness'], freeOnly: true }), 'needs')).to.deep.equal([
      VISIBLE,
      'is_free = true',
    ]);
    expect(buildFilter(query({ needs: ['loneliness'], freeOnly: true }), 'free')).to.deep.equal([
      VISIBLE,
      'needs IN ["loneliness"]',
    ]);
  });

  it('searches a radius in whole metres, or an area box holding the point, or online', () => {
    expect(nearFilter({ latitude: 51.4626, longitude: -2.5604 }, 1609.34)).to.equal(
      '(_geoRadius(51.4626, -2.5604, 1609) OR is_online = true OR (area_min_lat <= 51.4626 AND ' +
        'area_max_lat >= 51.4626 AND area_min_lng <= -2.5604 AND area_max_lng >= -2.5604))',
    );
    expect(() => nearFilter({ latitude: Number.NaN, longitude: 0 }, 100)).to.throw(
      /latitude must be a finite number/,
    );
  });

  it('turns day and date filters into local date numbers from today to the horizon', () => {
    const saturdays = candidateDates(query({ days: [6] }));
    expect(saturdays[0]).to.equal(20261205);
    expect(
      saturdays.every(
        (d) =>
          new Date(`${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6)}`).getUTCDay() ===
          6,
      ),
    ).to.equal(true);
    expect(candidateDates(query({ dateFrom: '2026-12-24', dateTo: '2026-12-26' }))).to.deep.equal([
      20261224, 20261225, 20261226,
    ]);
    // Dates before today can never match: sessions there are over.
    expect(candidateDates(query({ dateFrom: '2026-11-01', dateTo: '2026-12-02' }))).to.deep.equal([
      20261201, 20261202,
    ]);
    // A listing closed for now has no session to go to.
    expect(timeFilters(query({ dateFrom: '2026-12-24', dateTo: '2026-12-25' }))).to.deep.equal([
      "status = 'active'",
      'session_dates IN [20261224, 20261225]',
    ]);
    expect(timeFilters(query({ dateFrom: '2025-01-01', dateTo: '2025-01-02' }))).to.deep.equal([
      "status = 'active'",
      'session_dates = 0',
    ]);
    expect(timeFilters(query({}))).to.deep.equal([]);
  });

  it('keys parts of the day and time windows by date', () => {
    const [, parts] = timeFilters(query({ days: [2], partsOfDay: ['afternoon'], dateTo: '2026-12-08' }));
    expect(parts).to.equal('session_parts IN ["20261201-afternoon", "20261208-afternoon"]');
    const [, window] = timeFilters(
      query({ timeWindow: { from: 13 * 60, to: 14 * 60 }, dateFrom: '2026-12-02', dateTo: '2026-12-02' }),
    );
    expect(window).to.equal('session_buckets IN ["20261202-1300", "20261202-1330"]');
    expect(windowBuckets({ from: 13 * 60 + 10, to: 13 * 60 + 40 })).to.deep.equal([780, 810]);
  });

  it('indexes sessions with the same overlap rule as the Postgres engine', () => {
    const dropIn = { localDate: '2026-12-01', isoDow: 2, startMinute: 9 * 60, endMinute: 17 * 60 };
    const slots = sessionSlots([
      dropIn,
      { localDate: '2026-12-03', isoDow: 4, startMinute: 22 * 60, endMinute: 60 },
    ]);
    expect(slots.session_dates).to.deep.equal([20261201, 20261203]);
    expect(slots.session_days).to.deep.equal([2, 4]);
    expect(slots.session_parts).to.include.members([
      '20261201-morning',
      '20261201-afternoon',
      '20261203-evening',
    ]);
    expect(slots.session_parts).not.to.include('20261201-evening');
    expect(slots.session_buckets).to.include('20261201-1630').and.not.include('20261201-1700');
    // Untimed end: one hour; past midnight: to the end of the day.
    expect(overlaps({ localDate: '', startMinute: 600, endMinute: null }, 659, 700)).to.equal(true);
    expect(overlaps({ localDate: '', startMinute: 600, endMinute: null }, 660, 700)).to.equal(false);
    expect(slots.session_buckets).to.include('20261203-2330');
  });

  it('matches exact words first by quoting each one', () => {
    expect(exactPhrase('walking  "group')).to.equal('"walking" "group"');
  });

  it('links need synonyms and term names both ways', () => {
    const synonyms = vocabularySynonyms();
    expect(synonyms.lonely).to.include('loneliness and social connection');
    expect(synonyms['loneliness and social connection']).to.include('lonely');
    // Plain words find the providers' words; the providers' words are not widened.
    expect(synonyms.died).to.include.members(['bereavement', 'grief']);
    expect(synonyms.housebound).to.include('home visits');
    expect(synonyms.anxiety ?? []).to.not.include('depression');
  });

  it('filters by any term, taxonomy, organisation, ages and last change, values quoted', () => {
    const filter = buildFilter(
      query({
        termIds: ['t"1', 't2'],
        taxonomyIds: ['x'],
        organizationId: 'org "a"',
        minimumAge: 70,
        maximumAge: 80,
        modifiedAfter: new Date('2026-01-05T09:00:00Z'),
      }),
    );
    expect(filter.slice(1)).to.deep.equal([
      'term_ids = "t\\"1"',
      'term_ids = "t2"',
      'taxonomy_ids = "x"',
      'organization_id = "org \\"a\\""',
      '(maximum_age IS NULL OR maximum_age >= 70)',
      '(minimum_age IS NULL OR minimum_age <= 80)',
      `modified_at >= ${Date.parse('2026-01-05T09:00:00Z')}`,
    ]);
  });

  it('near a place: online only when asked for, and without a radius only areas elsewhere left out', () => {
    const point = { latitude: 51.5, longitude: -2.5 };
    expect(nearFilter(point, 1000, false)).to.equal(
      '(_geoRadius(51.5, -2.5, 1000) OR (area_min_lat <= 51.5 AND area_max_lat >= 51.5 AND area_min_lng <= -2.5 AND area_max_lng >= -2.5))',
    );
    expect(nearFilter(point, null)).to.equal(
      '(area_min_lat IS NULL OR (area_min_lat <= 51.5 AND area_max_lat >= 51.5 AND area_min_lng <= -2.5 AND area_max_lng >= -2.5))',
    );
  });

  it('filters by ways to take part from home, any one of them', () => {
    expect(buildFilter(query({ fromHome: ['phone', 'visit'] })).slice(1)).to.deep.equal([
      'from_home IN ["phone", "visit"]',
    ]);
  });
});
