import { expect } from 'chai';
import type { Express } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import { projectRoot } from '../../src/config.js';
import { vocabularies } from '../../src/domain/vocabulary.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { orukProblems, SCHEMA_DIR } from '../support/oruk-schemas.js';
import { requireSharedData } from '../support/shared-data.js';
import { createStores } from '../../src/db/stores.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEED_DIR = path.join(projectRoot, 'seed-data');
const seedServices: Json[] = ['bristol', 'leeds', 'trafford'].flatMap(
  (city) => JSON.parse(readFileSync(path.join(SEED_DIR, 'activities', `${city}.json`), 'utf8')) as Json[],
);
const NEEDS_TAXONOMY = '514dc65b-9937-5333-a466-b1261ac57f87';
const LONELINESS = 'f0d03135-9b5e-55ab-b139-bb8d9a722741';
const BS5 = { latitude: 51.463, longitude: -2.55 };

function expectValid(schemaFile: string, body: unknown) {
  const problems = orukProblems(schemaFile, body);
  expect(problems, `${schemaFile}: ${problems.slice(0, 5).join('; ')}`).to.deep.equal([]);
}

function metresBetween(a: { latitude: number; longitude: number }, b: Json) {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

const allSchedules = (service: Json): Json[] => [
  ...(service.schedules ?? []),
  ...(service.service_at_locations ?? []).flatMap((sal: Json) => sal.schedules ?? []),
];

describe('Open Referral UK API (supertest over the real app and Postgres, seed data)', function () {
  this.timeout(120000);
  let db: DataSource;
  let app: Express;
  /** Every listed service, fully nested, fetched once through ndjson. */
  let everything: Json[];

  before(async function () {
    requireSharedData(this, [SCHEMA_DIR]);
    db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), SEED_DIR);
    // A child term, so parent_id and top_only have a hierarchy to work on.
    await db.query(
      `INSERT INTO taxonomy_term (id, code, name, description, parent_id, taxonomy, taxonomy_id)
       VALUES ('0b6f3f5e-3a55-4bd4-9a4e-2f3c8d9e1a01', 'widowed', 'Recently widowed', 'Lost a partner', $1, 'Needs', $2)`,
      [LONELINESS, NEEDS_TAXONOMY],
    );
    app = buildApp(db);
    const res = await request(app).get('/api/services?format=ndjson&full=true').expect(200);
    everything = res.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
  });

  const list = async (query: string, endpoint = 'services') => {
    const res = await request(app).get(`/api/${endpoint}?${query}`).expect(200);
    expectValid(
      `${endpoint === 'services' ? 'service' : endpoint.replace(/ies$/, 'y').replace(/s$/, '')}_list.json`,
      res.body,
    );
    return res.body as Json;
  };
  const byId = (ids: string[]) => everything.filter((s) => ids.includes(s.id));
  /** Every id matching a service query, across all pages. */
  const allIds = async (query: string): Promise<string[]> => {
    const res = await request(app).get(`/api/services?format=ndjson&${query}`).expect(200);
    return res.text
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as Json).id as string);
  };

  describe('discovery', () => {
    it('answers GET /api/ with the version, profile and OpenAPI URL', async () => {
      const res = await request(app).get('/api/').expect(200).expect('Content-Type', /json/);
      expectValid('api_details.json', res.body);
      expect(res.body.version).to.equal('HSDS-UK-3.0');
      expect(res.body.openapi_url).to.equal(`${testConfig().baseUrl}/api/openapi.json`);
    });

    it('serves an OpenAPI document describing every endpoint it answers, with ORUK schemas', async () => {
      const res = await request(app).get('/api/openapi.json').expect(200);
      expect(res.body.openapi).to.match(/^3\.1/);
      const paths = Object.keys(res.body.paths);
      for (const p of [
        '/',
        '/services',
        '/services/{id}',
        '/service_at_locations',
        '/organizations',
        '/organizations/{id}',
        '/taxonomies',
        '/taxonomies/{id}',
        '/taxonomy_terms',
        '/taxonomy_terms/{id}',
      ]) {
        expect(paths).to.include(p);
      }
      const params = res.body.paths['/services'].get.parameters.map((p: Json) => p.name);
      expect(params).to.include.members([
        'search',
        'text',
        'day',
        'start_time',
        'end_time',
        'date',
        'postcode',
        'proximity',
        'page',
        'per_page',
        'format',
      ]);
      expect(
        res.body.paths['/services'].get.responses['200'].content['application/json'].schema.$ref,
      ).to.equal('https://openreferraluk.org/specifications/3.0/schema/service_list.json');
    });
  });

  describe('/api/services pages', () => {
    it('pages through all 173 listed services: first, middle and last pages validate', async () => {
      const seen = new Set<string>();
      const first = await list('per_page=20');
      expect(first).to.include({
        total_items: 173,
        total_pages: 9,
        page_number: 1,
        size: 20,
        first_page: true,
        last_page: false,
        empty: false,
      });
      for (let page = 1; page <= 9; page += 1) {
        const body = page === 1 ? first : await list(`per_page=20&page=${page}`);
        for (const s of body.contents) seen.add(s.id);
        if (page === 5) expect(body).to.include({ first_page: false, last_page: false, size: 20 });
        if (page === 9) expect(body).to.include({ first_page: false, last_page: true, size: 13 });
      }
      expect(seen.size).to.equal(173);
      const past = await list('per_page=20&page=10');
      expect(past).to.include({ empty: true, size: 0, total_items: 173, last_page: true });
    });

    it('lists one-to-one fields with the organization, and full=true nests everything', async () => {
      const summary = (await list('per_page=5')).contents[0];
      expect(summary).to.have.property('organization').that.has.property('name');
      expect(summary).not.to.have.property('service_at_locations');
      const full = (await list('per_page=5&full=true')).contents[0];
      expect(full.service_at_locations).to.be.an('array');
      expectValid('service.json', full);
    });

    it('ndjson streams exactly total_items records, each a valid service', async () => {
      const total = (await list('per_page=1')).total_items;
      const res = await request(app)
        .get('/api/services?format=ndjson')
        .expect(200)
        .expect('Content-Type', /ndjson/);
      const lines = res.text.trim().split('\n');
      expect(lines).to.have.length(total);
      for (const line of lines) expectValid('service.json', JSON.parse(line));
      expect(everything).to.have.length(total);
    });

    it('ndjson honours filters, and an empty result is an empty body', async () => {
      const page = await list('per_page=1&search=walking');
      expect(await allIds('search=walking')).to.have.length(page.total_items);
      const none = await request(app).get('/api/services?format=ndjson&search=zzqqxx').expect(200);
      expect(none.text).to.equal('');
    });
  });

  describe('/api/services/{id}', () => {
    it('returns every seeded service fully nested and valid against service.json', async () => {
      for (const seed of seedServices) {
        const res = await request(app).get(`/api/services/${seed.id}`).expect(200);
        expectValid('service.json', res.body);
        expect(res.body.name).to.equal(seed.name);
      }
    });

    it('carries schedules, locations, contacts, phones, costs and attributes from the seed', async () => {
      const seed = seedServices.find(
        (s) => s.service_at_locations?.length && s.cost_options?.length && s.contacts?.length,
      )!;
      const body = (await request(app).get(`/api/services/${seed.id}`).expect(200)).body as Json;
      expect(body.organization.id).to.equal(seed.organization.id);
      expect(body.service_at_locations.map((s: Json) => s.location.id)).to.have.members(
        seed.service_at_locations.map((s: Json) => s.location.id),
      );
      const location = body.service_at_locations[0].location;
      const seededLocation = seed.service_at_locations.find(
        (s: Json) => s.location.id === location.id,
      ).location;
      expect(location.latitude).to.equal(seededLocation.latitude);
      expect(location.addresses[0].postal_code).to.equal(seededLocation.addresses[0].postal_code);
      expect(body.cost_options.map((c: Json) => c.amount ?? null)).to.have.members(
        seed.cost_options.map((c: Json) => c.amount ?? null),
      );
      expect(body.contacts.map((c: Json) => c.name)).to.deep.equal(seed.contacts.map((c: Json) => c.name));
      expect(body.attributes.map((a: Json) => a.taxonomy_term.id)).to.have.members(
        seed.attributes.map((a: Json) => a.taxonomy_term_id ?? a.taxonomy_term.id),
      );
      expect(allSchedules(body).map((s: Json) => s.opens_at)).to.have.members(
        allSchedules(seed).map((s: Json) => (s.opens_at ? `${s.opens_at}:00`.slice(0, 8) : undefined)),
      );
    });

    it('answers 404 in JSON for an unknown id, and hides inactive services', async () => {
      const res = await request(app)
        .get('/api/services/no-such-service')
        .expect(404)
        .expect('Content-Type', /json/);
      expect(res.body).to.include({ status: 404 });
      expect(res.body.message).to.contain('no-such-service');
      const id = seedServices[0].id as string;
      await db.query(`UPDATE service SET status = 'defunct' WHERE id = $1`, [id]);
      try {
        await request(app).get(`/api/services/${id}`).expect(404);
        expect(await allIds('')).not.to.include(id);
      } finally {
        await db.query(`UPDATE service SET status = 'active' WHERE id = $1`, [id]);
      }
    });
  });

  describe('/api/services filters (each one narrows, and what remains matches)', () => {
    it('search finds words and stems; text is an alias', async () => {
      const found = await allIds('search=walking');
      expect(found.length).to.be.within(1, 172);
      // Terms are searched with their synonyms ("walking" is a synonym of getting active).
      const synonyms = new Map(vocabularies.flatMap((v) => v.terms).map((t) => [t.id, t.synonyms.join(' ')]));
      for (const s of byId(found)) {
        const terms = s.attributes.map(
          (a: Json) => `${a.taxonomy_term.name} ${synonyms.get(a.taxonomy_term.id) ?? ''}`,
        );
        const words = `${s.name} ${s.alternate_name ?? ''} ${s.description ?? ''} ${s.organization?.name ?? ''} ${terms.join(' ')}`;
        expect(words.toLowerCase(), s.name).to.match(/walk/);
      }
      expect(await allIds('text=walking')).to.have.members(found);
    });

    it('taxonomy_term_id and taxonomy_id', async () => {
      const lonely = await allIds(`taxonomy_term_id=${LONELINESS}`);
      const expected = seedServices.filter((s) =>
        (s.attributes ?? []).some((a: Json) => (a.taxonomy_term_id ?? a.taxonomy_term?.id) === LONELINESS),
      );
      expect(lonely).to.have.members(expected.map((s) => s.id));
      expect(lonely.length).to.be.below(173);
      const needs = await allIds(`taxonomy_id=${NEEDS_TAXONOMY}`);
      for (const s of byId(needs)) {
        expect(s.attributes.some((a: Json) => a.taxonomy_term.taxonomy_id === NEEDS_TAXONOMY)).to.equal(true);
      }
      expect(needs).to.include.members(lonely);
      expect(await allIds(`taxonomy_term_id=${LONELINESS}&taxonomy_id=no-such-taxonomy`)).to.deep.equal([]);
    });

    it('organization_id', async () => {
      const organizationId = seedServices[0].organization.id as string;
      const found = await allIds(`organization_id=${organizationId}`);
      expect(found).to.have.members(
        seedServices.filter((s) => s.organization?.id === organizationId).map((s) => s.id),
      );
    });

    it('postcode with proximity keeps services with a location within the radius, nearest first', async () => {
      const body = await list('postcode=BS5&proximity=1500&per_page=100&full=true');
      expect(body.total_items).to.be.within(1, 60);
      const distances = body.contents.map((s: Json) => {
        const points = s.service_at_locations
          .map((sal: Json) => sal.location)
          .filter((l: Json) => l.latitude !== undefined);
        return points.length ? Math.min(...points.map((l: Json) => metresBetween(BS5, l))) : Infinity;
      });
      for (const [i, d] of distances.entries()) {
        if (!body.contents[i].service_areas.length) expect(d, body.contents[i].name).to.be.at.most(1501);
      }
      const located = distances.filter(Number.isFinite);
      expect(located).to.deep.equal([...located].sort((a, b) => a - b));
      const wider = await list('postcode=BS5&proximity=5000&per_page=1');
      expect(wider.total_items).to.be.above(body.total_items);
    });

    it('postcode alone orders by distance without dropping services', async () => {
      const body = await list('postcode=LS6&per_page=100');
      expect(body.total_items).to.be.at.least(150);
      const leedsFirst = body.contents.slice(0, 10).map((s: Json) => s.id);
      const leeds = new Set(
        (JSON.parse(readFileSync(path.join(SEED_DIR, 'activities', 'leeds.json'), 'utf8')) as Json[]).map(
          (s) => s.id,
        ),
      );
      expect(leedsFirst.every((id: string) => leeds.has(id))).to.equal(true);
    });

    it('day keeps services with a session on those weekdays', async () => {
      const saturday = await allIds('day=SA');
      expect(saturday.length).to.be.within(1, 172);
      for (const s of byId(saturday)) {
        const ok = allSchedules(s).some(
          (sch: Json) =>
            (sch.byday ?? '').includes('SA') ||
            (sch.dtstart && DateTime.fromISO(sch.dtstart).weekday === 6) ||
            (sch.freq && !sch.byday),
        );
        expect(ok, s.name).to.equal(true);
      }
      const weekend = await allIds('day=sa,SU');
      expect(weekend).to.include.members(saturday);
      expect(weekend.length).to.be.above(saturday.length);
    });

    it('start_time and end_time keep services with a session overlapping the window', async () => {
      const evening = await allIds('start_time=18:00&end_time=23:00');
      expect(evening.length).to.be.within(1, 172);
      for (const s of byId(evening)) {
        const ok = allSchedules(s).some(
          (sch: Json) => sch.opens_at && sch.opens_at < '23:00' && (sch.closes_at ?? '24:00') > '18:00',
        );
        expect(ok, s.name).to.equal(true);
      }
      const tuesdayEvening = await allIds('day=TU&start_time=18:00&end_time=23:00');
      expect(evening).to.include.members(tuesdayEvening);
      expect(tuesdayEvening.length).to.be.below(evening.length);
    });

    it('a session past midnight runs to the end of the day, as on the search page', async () => {
      // One extra 22:00–01:00 session far ahead, on a date nothing else meets that late.
      const [schedule] = (await db.query(
        `SELECT id, service_id FROM schedule WHERE service_id IS NOT NULL ORDER BY id LIMIT 1`,
      )) as { id: string; service_id: string }[];
      const date = DateTime.now().setZone('Europe/London').plus({ days: 60 }).startOf('day');
      const at = (hours: number) => date.plus({ hours }).toUTC().toISO();
      await db.query(
        `INSERT INTO session_occurrence (schedule_id, service_id, starts_at, ends_at, local_date, iso_dow, start_minute, end_minute)
         VALUES ($1, $2, $3, $4, $5, $6, 22 * 60, 60)`,
        [schedule.id, schedule.service_id, at(22), at(25), date.toISODate(), date.weekday],
      );
      try {
        const late = await allIds(`date=${date.toISODate()}&start_time=23:00&end_time=23:30`);
        expect(late).to.deep.equal([schedule.service_id]);
      } finally {
        await db.query(
          `DELETE FROM session_occurrence WHERE service_id = $1 AND local_date = $2 AND start_minute = 1320`,
          [schedule.service_id, date.toISODate()],
        );
      }
    });

    it('date keeps services with a session on that day', async () => {
      const today = DateTime.now().setZone('Europe/London').startOf('day');
      const wednesday = today.plus({ days: ((3 - today.weekday + 7) % 7) + 7 }).toISODate()!;
      const found = await allIds(`date=${wednesday}`);
      expect(found.length).to.be.within(1, 172);
      const weekdayOnly = await allIds('day=WE');
      expect(weekdayOnly).to.include.members(found);
      // A listing closed for now has no session to go to, whatever its schedule says.
      const rows = (await db.query(
        `SELECT DISTINCT o.service_id FROM session_occurrence o JOIN service s ON s.id = o.service_id
         WHERE o.local_date = $1::date AND s.status = 'active'`,
        [wednesday],
      )) as { service_id: string }[];
      expect(found).to.have.members(rows.map((r) => r.service_id));
    });

    it('minimum_age and maximum_age keep services whose ages overlap', async () => {
      const older = await allIds('minimum_age=70&maximum_age=80');
      expect(older.length).to.be.within(1, 172);
      for (const s of byId(older)) {
        expect(s.maximum_age ?? 200).to.be.at.least(70);
        expect(s.minimum_age ?? 0).to.be.at.most(80);
      }
      const youngAdults = seedServices.filter((s) => s.maximum_age === 25).map((s) => s.id);
      expect(youngAdults).to.not.be.empty;
      expect(older).to.not.include.members(youngAdults.slice(0, 1));
    });

    it('modified_after keeps services changed since then', async () => {
      const dates = seedServices.map((s) => s.last_modified as string).sort();
      const middle = dates[Math.floor(dates.length / 2)];
      const recent = await allIds(`modified_after=${encodeURIComponent(middle)}`);
      expect(recent.length).to.be.within(1, 172);
      for (const s of byId(recent)) expect(Date.parse(s.last_modified)).to.be.at.least(Date.parse(middle));
    });

    it('combines filters with AND', async () => {
      const a = await allIds(`taxonomy_term_id=${LONELINESS}`);
      const b = await allIds('day=MO');
      const both = await allIds(`taxonomy_term_id=${LONELINESS}&day=MO`);
      expect(both).to.have.members(a.filter((id) => b.includes(id)));
    });
  });

  describe('other endpoints', () => {
    it('/api/service_at_locations pages validate, and proximity is measured from each location', async () => {
      const first = await list('per_page=20', 'service_at_locations');
      expect(first.total_items).to.be.at.least(150);
      const last = await list(`per_page=20&page=${first.total_pages}`, 'service_at_locations');
      expect(last.last_page).to.equal(true);
      await list(`per_page=20&page=${Math.ceil(first.total_pages / 2)}`, 'service_at_locations');
      const near = await list('postcode=BS5&proximity=1500&per_page=100', 'service_at_locations');
      expect(near.total_items).to.be.within(1, first.total_items - 1);
      for (const sal of near.contents) expect(metresBetween(BS5, sal.location)).to.be.at.most(1501);
      const one = await request(app).get(`/api/service_at_locations/${near.contents[0].id}`).expect(200);
      expectValid('service_at_location.json', one.body);
      const ndjson = await request(app).get('/api/service_at_locations?format=ndjson').expect(200);
      expect(ndjson.text.trim().split('\n')).to.have.length(first.total_items);
    });

    it('/api/organizations and /api/organizations/{id}', async () => {
      const first = await list('per_page=20', 'organizations');
      expect(first.total_items).to.equal(new Set(seedServices.map((s) => s.organization.id)).size);
      await list(`per_page=20&page=${first.total_pages}`, 'organizations');
      await list('per_page=20&page=2', 'organizations');
      const organizationId = first.contents[0].id;
      const res = await request(app).get(`/api/organizations/${organizationId}`).expect(200);
      expectValid('organization.json', res.body);
      expect(res.body.services.length).to.equal(
        seedServices.filter((s) => s.organization.id === organizationId).length,
      );
      const full = await request(app)
        .get(`/api/organizations/${organizationId}?full_service=true`)
        .expect(200);
      expectValid('organization.json', full.body);
      expect(full.body.services[0].service_at_locations).to.be.an('array');
      const searched = await list('search=fictional&per_page=1', 'organizations');
      expect(searched.total_items).to.equal(first.total_items);
      await request(app).get('/api/organizations/nope').expect(404);
    });

    it('/api/taxonomies and /api/taxonomies/{id}', async () => {
      const pages = await list('per_page=1', 'taxonomies');
      expect(pages.total_pages).to.equal(pages.total_items).and.to.be.at.least(3);
      const middle = await list(`per_page=1&page=2`, 'taxonomies');
      expect(middle).to.include({ first_page: false, last_page: false, size: 1 });
      expect((await list(`per_page=1&page=${pages.total_pages}`, 'taxonomies')).last_page).to.equal(true);
      const body = await list('per_page=10', 'taxonomies');
      expect(body.contents.map((t: Json) => t.name)).to.include.members([
        'Needs',
        'Activity types',
        'Suitability',
      ]);
      const res = await request(app).get(`/api/taxonomies/${NEEDS_TAXONOMY}`).expect(200);
      expectValid('taxonomy.json', res.body);
      expect(res.body.taxonomy_terms.map((t: Json) => t.id)).to.include(LONELINESS);
      await request(app).get('/api/taxonomies/nope').expect(404);
    });

    it('/api/taxonomy_terms with taxonomy_id, top_only and parent_id', async () => {
      const all = await list('per_page=100', 'taxonomy_terms');
      const needs = await list(`per_page=100&taxonomy_id=${NEEDS_TAXONOMY}`, 'taxonomy_terms');
      expect(needs.total_items).to.be.within(2, all.total_items - 1);
      for (const t of needs.contents) expect(t.taxonomy_id).to.equal(NEEDS_TAXONOMY);
      const top = await list(`per_page=100&taxonomy_id=${NEEDS_TAXONOMY}&top_only=true`, 'taxonomy_terms');
      expect(top.total_items).to.equal(needs.total_items - 1);
      const children = await list(`parent_id=${LONELINESS}`, 'taxonomy_terms');
      expect(children.contents.map((t: Json) => t.name)).to.deep.equal(['Recently widowed']);
      const lastTerms = await list(`per_page=5&page=${Math.ceil(all.total_items / 5)}`, 'taxonomy_terms');
      expect(lastTerms.last_page).to.equal(true);
      await list(`per_page=5&page=${Math.ceil(all.total_items / 10)}`, 'taxonomy_terms');
      const res = await request(app).get(`/api/taxonomy_terms/${LONELINESS}`).expect(200);
      expectValid('taxonomy_term.json', res.body);
      const searched = await list('search=lonely', 'taxonomy_terms');
      expect(searched.contents.map((t: Json) => t.id)).to.include(LONELINESS);
    });
  });

  describe('HTTP behaviour', () => {
    it('allows any origin, and answers preflight requests', async () => {
      const res = await request(app)
        .get('/api/services?per_page=1')
        .set('Origin', 'https://example.net')
        .expect(200);
      expect(res.headers['access-control-allow-origin']).to.equal('*');
      const preflight = await request(app)
        .options('/api/services')
        .set('Origin', 'https://example.net')
        .set('Access-Control-Request-Method', 'GET')
        .expect(204);
      expect(preflight.headers['access-control-allow-methods']).to.contain('GET');
      const error = await request(app).get('/api/services?page=0').expect(400);
      expect(error.headers['access-control-allow-origin']).to.equal('*');
    });

    it('sends a strong ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
      const res = await request(app).get('/api/services?per_page=3').expect(200);
      expect(res.headers['cache-control']).to.equal('public, max-age=60');
      const etag = res.headers.etag as string;
      expect(etag).to.match(/^"[\w-]{20,}"$/);
      const again = await request(app).get('/api/services?per_page=3').expect(200);
      expect(again.headers.etag).to.equal(etag);
      await request(app).get('/api/services?per_page=3').set('If-None-Match', etag).expect(304);
      await request(app).get('/api/services?per_page=3').set('If-None-Match', `"other", ${etag}`).expect(304);
      await request(app).get('/api/services?per_page=4').set('If-None-Match', etag).expect(200);
      const one = await request(app).get(`/api/services/${seedServices[1].id}`).expect(200);
      await request(app)
        .get(`/api/services/${seedServices[1].id}`)
        .set('If-None-Match', one.headers.etag)
        .expect(304);
    });

    it('answers HEAD like GET without a body, and /api without its slash', async () => {
      const head = await request(app).head('/api/services?per_page=2').expect(200);
      expect(head.headers.etag).to.be.a('string');
      expect(head.text ?? '').to.equal('');
      await request(app).get('/api').expect(200);
    });

    it('answers an unknown API path with a JSON 404, not the HTML page', async () => {
      const res = await request(app).get('/api/nothing-here').set('Accept', 'text/html').expect(404);
      expect(res.headers['content-type']).to.match(/json/);
      expect(res.body.status).to.equal(404);
    });

    const badRequests: [string, string][] = [
      ['/api/services?page=0', 'page'],
      ['/api/services?page=-3', 'page'],
      ['/api/services?page=abc', 'page'],
      ['/api/services?per_page=1000', 'per_page'],
      ['/api/services?per_page=0', 'per_page'],
      ['/api/services?format=xml', 'format'],
      ['/api/services?day=XX', 'day'],
      ['/api/services?day=MO,,TU', 'day'],
      ['/api/services?start_time=25:00', 'start_time'],
      ['/api/services?end_time=9am', 'end_time'],
      ['/api/services?start_time=18:00&end_time=09:00', 'end_time'],
      ['/api/services?date=2026-02-30', 'date'],
      ['/api/services?date=tomorrow', 'date'],
      ['/api/services?postcode=BS5&proximity=-1', 'proximity'],
      ['/api/services?postcode=BS5&proximity=far', 'proximity'],
      ['/api/services?proximity=1000', 'proximity'],
      ['/api/services?postcode=ZZ99%209ZZ', 'postcode'],
      // A sector of a district nobody knows: the page would search without it, the API says so.
      ['/api/services?search=walking&postcode=ZZ9%209', 'postcode'],
      ['/api/services?postcode=Nowhereville', 'postcode'],
      ['/api/services?minimum_age=-1', 'minimum_age'],
      ['/api/services?minimum_age=40&maximum_age=30', 'maximum_age'],
      ['/api/services?modified_after=yesterday', 'modified_after'],
      ['/api/services?page=1&page=2', 'page'],
      ['/api/services?search[x]=1', 'search'],
      ['/api/services?full=maybe', 'full'],
      ['/api/services?search=%00', 'search'],
      ['/api/service_at_locations?proximity=10', 'proximity'],
      ['/api/taxonomy_terms?top_only=sometimes', 'top_only'],
      ['/api/organizations?per_page=101', 'per_page'],
      ['/api/organizations/x?full_service=2', 'full_service'],
    ];
    for (const [url, parameter] of badRequests) {
      it(`400 naming ${parameter}: ${url}`, async () => {
        const res = await request(app).get(url).expect(400).expect('Content-Type', /json/);
        expect(res.body).to.include({ status: 400, parameter });
        expect(res.body.message).to.match(new RegExp(`^${parameter} `));
      });
    }

    it('never answers odd input with a 500', async () => {
      const odd = [
        "search='; drop table service; --",
        'search=%27%3B%20drop%20table%20service%3B%20--',
        'search=caf%C3%A9%20%E2%9C%93%20%F0%9F%98%80',
        'search=%22unclosed',
        'search=-',
        'search=%26%7C!()',
        'search=the',
        'text=%E2%80%AE',
        'taxonomy_term_id=%27%20OR%201%3D1',
        'organization_id=%F0%9F%98%80',
        'postcode=%27%3B--',
        'postcode=BS5&proximity=999999',
        'page=999999',
        'per_page=100',
        'day=MO&date=2030-01-01',
        'modified_after=9999-12-31T23:59:59Z',
        'modified_after=2026-01-01T00:00:00%2B05:00',
        'start_time=00:00&end_time=23:59',
        'page=1e3',
        'per_page=%20%205',
        'search=' + 'a'.repeat(500),
        'search=' + 'a'.repeat(501),
        '%ZZ=1',
      ];
      for (const endpoint of [
        'services',
        'service_at_locations',
        'organizations',
        'taxonomies',
        'taxonomy_terms',
      ]) {
        for (const query of odd) {
          const res = await request(app).get(`/api/${endpoint}?${query}`);
          expect([200, 400], `${endpoint}?${query}: ${res.status} ${res.text.slice(0, 200)}`).to.include(
            res.status,
          );
          expect(res.headers['content-type']).to.match(/json/);
        }
      }
      for (const id of [
        "'; drop table service; --",
        '%F0%9F%98%80',
        '%00',
        '%E0%A4%A',
        '%',
        'a'.repeat(2000),
        '..%2F..%2Fetc',
      ]) {
        for (const endpoint of [
          'services',
          'service_at_locations',
          'organizations',
          'taxonomies',
          'taxonomy_terms',
        ]) {
          const res = await request(app).get(`/api/${endpoint}/${id}`);
          expect([400, 404], `${endpoint}/${id}: ${res.status}`).to.include(res.status);
        }
      }
      const count = (await db.query('SELECT count(*) AS n FROM service')) as { n: number }[];
      expect(count[0].n).to.equal(173);
    });
  });
});
