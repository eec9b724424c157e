// Every Open Referral UK endpoint crawled as the ORUK validator crawls it (first, middle and last page, then
// every /{id}), each body checked against the published 3.0 schemas; and the nesting parameters.
import { expect } from 'chai';
import type { Express } from 'express';
import path from 'node:path';
import request from 'supertest';
import { projectRoot } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { distanceMetres } from '../../src/domain/distance.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { expectOrukValid, SCHEMA_DIR } from '../support/oruk-schemas.js';
import { requireSharedData } from '../support/shared-data.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BS5 = { latitude: 51.463, longitude: -2.55 };
const ENDPOINTS: [string, string][] = [
  ['services', 'service'],
  ['service_at_locations', 'service_at_location'],
  ['organizations', 'organization'],
  ['taxonomies', 'taxonomy'],
  ['taxonomy_terms', 'taxonomy_term'],
];

describe('Open Referral UK endpoints in full (seed data, ORUK 3.0 schemas)', function () {
  this.timeout(180000);
  let app: Express;

  before(async function () {
    requireSharedData(this, [SCHEMA_DIR]);
    const db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), path.join(projectRoot, 'seed-data'));
    app = buildApp(db);
  });

  const get = async (url: string) => (await request(app).get(url).expect(200)).body as Json;

  for (const [endpoint, record] of ENDPOINTS) {
    it(`/${endpoint}: first, middle and last pages and every /{id} validate`, async () => {
      const first = await get(`/api/${endpoint}?per_page=10`);
      expectOrukValid(`${record}_list.json`, first);
      expect(first.total_items).to.be.above(0);
      for (const page of [Math.ceil(first.total_pages / 2), first.total_pages]) {
        expectOrukValid(`${record}_list.json`, await get(`/api/${endpoint}?per_page=10&page=${page}`));
      }
      const ndjson = (await request(app).get(`/api/${endpoint}?format=ndjson`).expect(200)).text;
      const ids = ndjson
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as Json).id as string);
      expect(ids).to.have.length(first.total_items);
      for (const id of ids) expectOrukValid(`${record}.json`, await get(`/api/${endpoint}/${id}`));
    });
  }

  it('/services takes every ORUK filter at once and still validates', async () => {
    const body = await get(
      '/api/services?search=group&taxonomy_id=514dc65b-9937-5333-a466-b1261ac57f87&minimum_age=18&maximum_age=90' +
        '&day=MO,TU,WE,TH,FR&start_time=09:00&end_time=21:00&postcode=BS5&proximity=10000&full=true',
    );
    expectOrukValid('service_list.json', body);
    expect(body.total_items).to.be.above(0);
  });

  it('/service_at_locations near a postcode without proximity: every venue, nearest first', async () => {
    const body = await get('/api/service_at_locations?postcode=BS5&per_page=100');
    expectOrukValid('service_at_location_list.json', body);
    const distances = body.contents
      .filter((sal: Json) => sal.location.latitude !== undefined)
      .map((sal: Json) => distanceMetres(BS5, sal.location));
    expect(distances.length).to.be.above(50);
    expect(distances).to.deep.equal([...distances].sort((a, b) => a - b));
    const everywhere = await get('/api/service_at_locations?per_page=1');
    expect(body.total_items).to.be.within(everywhere.total_items - 20, everywhere.total_items);
  });

  it('/service_at_locations takes the service filters, and full=true nests the whole service', async () => {
    const lonely = await get(
      '/api/service_at_locations?taxonomy_term_id=f0d03135-9b5e-55ab-b139-bb8d9a722741&per_page=100&full=true',
    );
    expectOrukValid('service_at_location_list.json', lonely);
    expect(lonely.total_items).to.be.above(0);
    for (const sal of lonely.contents) {
      expectOrukValid('service.json', sal.service);
      expect(sal.service.attributes.map((a: Json) => a.taxonomy_term.id)).to.include(
        'f0d03135-9b5e-55ab-b139-bb8d9a722741',
      );
    }
    const shallow = await get('/api/service_at_locations?per_page=1');
    expect(shallow.contents[0].service).not.to.have.property('attributes');
    const one = await get(`/api/service_at_locations/${shallow.contents[0].id}`);
    expect(one.service.attributes).to.be.an('array');
    expect(one.service.service_at_locations).to.be.an('array');
  });

  it("/organizations: full nests each organization's services, full_service nests them fully", async () => {
    const plain = await get('/api/organizations?per_page=5');
    expect(plain.contents[0]).not.to.have.property('services');
    const full = await get('/api/organizations?per_page=5&full=true');
    expectOrukValid('organization_list.json', full);
    for (const organization of full.contents) {
      const one = await get(`/api/organizations/${organization.id}`);
      expect(organization.services.map((s: Json) => s.id)).to.deep.equal(one.services.map((s: Json) => s.id));
      expect(organization.services.length).to.be.above(0);
    }
    const nested = await get('/api/organizations?per_page=2&full_service=true');
    expectOrukValid('organization_list.json', nested);
    for (const service of nested.contents.flatMap((o: Json) => o.services)) {
      expect(service.service_at_locations).to.be.an('array');
    }
    const streamed = (await request(app).get('/api/organizations?format=ndjson&full=true').expect(200)).text;
    for (const line of streamed.split('\n').filter(Boolean)) {
      expect((JSON.parse(line) as Json).services).to.be.an('array');
    }
  });
});
