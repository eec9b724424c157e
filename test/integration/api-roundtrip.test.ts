import { expect } from 'chai';
import type { Express } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { sanitiseDescription } from '../../src/domain/text.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { runImport } from '../../src/importer/run-import.js';
import { buildApp } from '../support/app.js';
import { requireSharedData } from '../support/shared-data.js';
import { resetData, testDatabase } from '../support/database.js';
import { HSDS_DIR, ORUK_DIR, orukProblems } from '../support/oruk-schemas.js';
import { createStores } from '../../src/db/stores.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;
const sorted = <T>(items: T[]) =>
  [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const seconds = (time: string | undefined) => (time ? time.padEnd(8, ':00').slice(0, 8) : undefined);

/**
 * What a service says, independent of field order, omitted nulls and generated child ids. Languages,
 * funding and required documents are not part of the directory's model, so they are not compared.
 */
function substance(service: Json): Json {
  const schedule = (s: Json) => ({
    freq: s.freq,
    interval: s.interval,
    byday: s.byday,
    bymonthday: s.bymonthday,
    dtstart: s.dtstart,
    until: s.until,
    count: s.count,
    opens_at: seconds(s.opens_at),
    closes_at: seconds(s.closes_at),
    description: s.description,
  });
  const phone = (p: Json) => ({ number: p.number, extension: p.extension, type: p.type });
  const contact = (c: Json) => ({
    name: c.name,
    title: c.title,
    email: c.email,
    phones: sorted((c.phones ?? []).map(phone)),
  });
  return JSON.parse(
    JSON.stringify({
      id: service.id,
      name: service.name,
      alternate_name: service.alternate_name,
      description: sanitiseDescription(service.description ?? null) ?? undefined,
      url: service.url,
      email: service.email,
      status: service.status,
      fees: service.fees,
      fees_description: service.fees_description,
      eligibility_description: service.eligibility_description,
      application_process: service.application_process,
      minimum_age: service.minimum_age,
      maximum_age: service.maximum_age,
      assured_date: service.assured_date,
      alert: service.alert,
      last_modified: service.last_modified ? new Date(service.last_modified).toISOString() : undefined,
      organization: service.organization && {
        id: service.organization.id,
        name: service.organization.name,
        website: service.organization.website,
      },
      schedules: sorted((service.schedules ?? []).map(schedule)),
      phones: sorted((service.phones ?? []).map(phone)),
      contacts: sorted((service.contacts ?? []).map(contact)),
      locations: sorted(
        (service.service_at_locations ?? []).map((sal: Json) => ({
          id: sal.location.id,
          name: sal.location.name,
          location_type: sal.location.location_type,
          latitude: sal.location.latitude,
          longitude: sal.location.longitude,
          addresses: sorted(
            (sal.location.addresses ?? []).map((a: Json) => ({
              address_1: a.address_1,
              city: a.city,
              postal_code: a.postal_code,
              country: a.country,
              address_type: a.address_type,
            })),
          ),
          accessibility: sorted((sal.location.accessibility ?? []).map((a: Json) => a.description)),
          schedules: sorted((sal.schedules ?? []).map(schedule)),
          contacts: sorted((sal.contacts ?? []).map(contact)),
          phones: sorted((sal.phones ?? []).map(phone)),
        })),
      ),
      cost_options: sorted(
        (service.cost_options ?? []).map((c: Json) => ({
          option: c.option,
          amount: c.amount,
          currency: c.currency,
          amount_description: c.amount_description,
        })),
      ),
      service_areas: sorted(
        (service.service_areas ?? []).map((a: Json) => ({ name: a.name, extent_type: a.extent_type })),
      ),
      attributes: sorted(
        (service.attributes ?? []).map((a: Json) => ({
          term: a.taxonomy_term?.id ?? a.taxonomy_term_id,
          term_name: a.taxonomy_term?.name,
          value: a.value,
        })),
      ),
    }),
  ) as Json;
}

/**
 * The published full-service examples show every field, with values no real feed could hold; our
 * importer rightly rejects those, so the round trip starts from a copy with only them corrected.
 */
function correctedExample(example: Json): Json {
  const copy = structuredClone(example);
  const seen = new Set<string>();
  let copies = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Json;
    // Latitude 100 and longitude 101 are off the globe.
    if (record.latitude === 100) record.latitude = 51.4545;
    if (record.longitude === 101) record.longitude = -2.5879;
    if (record.freq) {
      // Days of the month mean nothing in a WEEKLY rule.
      if (record.freq === 'WEEKLY') delete record.bymonthday;
      // RFC 5545 forbids a rule with both an end date and a count.
      if (record.until && record.count) delete record.count;
    }
    // The example reuses one phone, schedule and contact id in several places; ids must be unique.
    const child = 'number' in record || 'freq' in record || 'department' in record;
    if (child && typeof record.id === 'string') {
      if (seen.has(record.id))
        record.id = `${record.id.slice(0, -4)}${String((copies += 1)).padStart(4, '0')}`;
      seen.add(record.id);
    }
    // "extent" is a placeholder, not GeoJSON.
    if (record.extent === 'extent') {
      record.extent = JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [-2.7, 51.4],
            [-2.5, 51.4],
            [-2.5, 51.5],
            [-2.7, 51.5],
            [-2.7, 51.4],
          ],
        ],
      });
    }
    Object.values(record).forEach(visit);
  };
  visit(copy);
  return copy;
}

describe('Open Referral examples: import, then read back through the API', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;

  before(async () => {
    db = await testDatabase();
    app = buildApp(db);
  });
  beforeEach(async () => resetData(db));

  for (const [label, file] of [
    ['HSDS 3.0 service_full.json', path.join(HSDS_DIR, 'examples/service_full.json')],
    ['ORUK 3.0 service_full.json', path.join(ORUK_DIR, 'examples/service_full.json')],
  ]) {
    it(`${label}: a corrected copy comes back equal in substance and valid`, async function () {
      requireSharedData(this, [file]);
      const original = read(file);
      // The unmodified example is rejected with clear reasons, each naming the field at fault.
      const strict = convertHsdsDocument(original, label);
      expect(strict.listings).to.have.length(0);
      expect(strict.rejections[0].reasons.join('\n')).to.match(/latitude/);

      const example = correctedExample(original);
      const report = await importListings(createStores(db), convertHsdsDocument(example, label), {
        source: 'test',
      });
      expect(report.rejections, JSON.stringify(report.rejections)).to.deep.equal([]);

      const res = await request(app).get(`/api/services/${example.id}`).expect(200);
      expect(orukProblems('service.json', res.body)).to.deep.equal([]);
      const back = substance(res.body);
      const given = substance(example);
      expect(back).to.deep.equal(given);
      // Spot checks, so a bug in `substance` cannot hide everything.
      expect(back.schedules[0]).to.include({ byday: 'TH,FR', freq: 'WEEKLY', opens_at: '10:00:00' });
      expect(back.locations[0]).to.include({ latitude: 51.4545, longitude: -2.5879 });
      expect(back.locations[0].addresses[0].address_1).to.equal('1-30 Main Street');
      expect(back.contacts.length + back.phones.length).to.be.above(0);
      expect(back.attributes).to.have.length(1);
      expect(back.cost_options).to.have.length(1);
      expect(back.service_areas).to.have.length(1);
    });
  }

  for (const [label, file] of [
    ['HSDS 3.0 service_list.json', path.join(HSDS_DIR, 'examples/service_list.json')],
    ['ORUK 3.0 service_list.json', path.join(ORUK_DIR, 'examples/service_list.json')],
  ]) {
    it(`${label}: imports unchanged with runImport and lists the same services`, async function () {
      requireSharedData(this, [file]);
      const report = await runImport(createStores(db), file, { format: 'hsds' });
      expect(report.rejections).to.deep.equal([]);
      const res = await request(app).get('/api/services?per_page=100').expect(200);
      expect(orukProblems('service_list.json', res.body)).to.deep.equal([]);
      const given = read(file).contents as Json[];
      expect(res.body.total_items).to.equal(given.length);
      for (const service of given) {
        const back = (res.body.contents as Json[]).find((s) => s.id === service.id)!;
        const { schedules: _s, ...listed } = substance({ ...back, organization: back.organization });
        const { schedules: _g, ...expected } = substance(service);
        expect(listed).to.deep.equal(expected);
      }
    });
  }
});
