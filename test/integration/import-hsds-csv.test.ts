import { expect } from 'chai';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config.js';
import { termByCode } from '../../src/domain/vocabulary.js';
import { describePosition } from '../../src/importer/listing.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase } from '../support/database.js';
import { requireSharedData } from '../support/shared-data.js';
import { createStores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const EXAMPLE = path.join(loadConfig().sharedDataDir, 'openreferral/hsds-3.0/examples/csv');

const csv = (header: string[], ...rows: (string | number)[][]) =>
  [
    header.join(','),
    ...rows.map((r) =>
      r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v)).join(','),
    ),
  ].join('\n');

describe('HSDS tabular data package import (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
  });
  beforeEach(async () => resetData(db));

  it('reads the Open Referral example package and points each problem at its CSV row', async function () {
    requireSharedData(this, [path.join(EXAMPLE, 'services.csv')]);
    const report = await runImport(createStores(db), EXAMPLE, { format: 'hsds-csv', now: NOW });
    // The example is a schema illustration: its one location sits at latitude 100.
    expect(summaryLine(report)).to.equal('imported 0, updated 0, unchanged 0, rejected 2');
    const lines = report.rejections.map((r) => `${describePosition(r.position)}: ${r.reasons.join('; ')}`);
    expect(lines).to.deep.equal(
      [
        `${report.rejections[0].position.file.replace(/services\.csv$/, 'attributes.csv')} row 2: link_id: "f28dd44b-0c4d-479f-8e90-4c52219a8b3c" is not a service in services.csv`,
        `${report.rejections[1].position.file} row 2: locations.csv row 2: latitude: is not a latitude`,
      ].sort(),
    );
    expect(report.details?.[0]).to.match(/datapackage\.json is not usable/);
  });

  it('joins a data package by ids into full services, and a second import changes nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hsds-csv-'));
    await mkdir(path.join(dir, 'tables'));
    const needs = termByCode('needs', 'loneliness')!;
    const files: Record<string, string> = {
      'tables/svc.csv': csv(
        ['id', 'organization_id', 'name', 'description', 'status'],
        ['s1', 'o1', 'Lunch Club', '<p>Hot lunch <script>x()</script>and a chat</p>', 'active'],
        ['s2', 'o1', '', 'No name', 'active'],
      ),
      'tables/organizations.csv': csv(['id', 'name'], ['o1', 'Fictional Lunch Trust']),
      'tables/locations.csv': csv(
        ['id', 'location_type', 'name', 'latitude', 'longitude'],
        ['l1', 'physical', 'Hall', 51.46, -2.56],
      ),
      'tables/addresses.csv': csv(
        ['id', 'location_id', 'address_1', 'city', 'postal_code', 'country', 'address_type'],
        ['a1', 'l1', '1 Road', 'Bristol', 'BS5 6JH', 'GB', 'physical'],
      ),
      'tables/sal.csv': csv(['id', 'service_id', 'location_id'], ['sal1', 's1', 'l1']),
      'tables/schedules.csv': csv(
        ['id', 'service_id', 'service_at_location_id', 'freq', 'interval', 'byday', 'opens_at', 'closes_at'],
        ['sc1', 's1', 'sal1', 'WEEKLY', 1, 'WE', '12:00:00', '14:00:00'],
        ['sc2', 'nobody', '', 'WEEKLY', 1, 'MO', '10:00', '11:00'],
      ),
      'tables/contacts.csv': csv(['id', 'service_id', 'name'], ['c1', 's1', 'Ann Example']),
      'tables/phones.csv': csv(['id', 'contact_id', 'number'], ['p1', 'c1', '"+44 117 496 0000"']),
      'tables/cost_options.csv': csv(
        ['id', 'service_id', 'option', 'amount', 'currency'],
        ['co1', 's1', 'Per lunch', 3.5, 'GBP'],
      ),
      'tables/attributes.csv': csv(
        ['id', 'link_id', 'link_entity', 'taxonomy_term_id'],
        ['at1', 's1', 'service', needs.id],
      ),
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const resources = [
      ['services', 'svc.csv'],
      ['organizations', 'organizations.csv'],
      ['locations', 'locations.csv'],
      ['addresses', 'addresses.csv'],
      ['service_at_locations', 'sal.csv'],
      ['schedules', 'schedules.csv'],
      ['contacts', 'contacts.csv'],
      ['phones', 'phones.csv'],
      ['cost_options', 'cost_options.csv'],
      ['attributes', 'attributes.csv'],
    ].map(([name, file]) => ({ name, path: `tables/${file}` }));
    await writeFile(path.join(dir, 'datapackage.json'), JSON.stringify({ name: 'test', resources }));

    const report = await runImport(createStores(db), dir, { format: 'hsds-csv', now: NOW });
    expect(summaryLine(report)).to.equal('imported 1, updated 0, unchanged 0, rejected 2');
    const lines = report.rejections.map(
      (r) => `${path.basename(describePosition(r.position))}: ${r.reasons.join('; ')}`,
    );
    expect(lines).to.deep.equal([
      'schedules.csv row 3: service_id: "nobody" is not a service in svc.csv',
      'svc.csv row 3: name: is required',
    ]);
    const stored = (
      await db.query(
        `SELECT s.description, o.name AS organisation, l.latitude, a.postal_code, sc.byday,
                to_char(sc.opens_at, 'HH24:MI') AS opens, c.name AS contact, p.number, co.amount::float8 AS amount,
                (SELECT count(*)::int FROM attribute WHERE link_id = s.id) AS tags
         FROM service s JOIN organization o ON o.id = s.organization_id
         JOIN service_at_location sal ON sal.service_id = s.id JOIN location l ON l.id = sal.location_id
         JOIN address a ON a.location_id = l.id JOIN schedule sc ON sc.service_at_location_id = sal.id
         JOIN contact c ON c.service_id = s.id JOIN phone p ON p.contact_id = c.id
         JOIN cost_option co ON co.service_id = s.id WHERE s.id = 's1'`,
      )
    )[0];
    expect(stored).to.deep.equal({
      description: '<p>Hot lunch and a chat</p>',
      organisation: 'Fictional Lunch Trust',
      latitude: 51.46,
      postal_code: 'BS5 6JH',
      byday: 'WE',
      opens: '12:00',
      contact: 'Ann Example',
      number: '+44 117 496 0000',
      amount: 3.5,
      tags: 1,
    });
    const again = await runImport(createStores(db), dir, { format: 'hsds-csv', now: NOW });
    expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 1, rejected 2');
  });
});
