import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createStores, type Stores } from '../../src/db/stores.js';
import { osgbToWgs84 } from '../../src/geo/osgb.js';
import { DESCRIBED_VENUE_NOTE } from '../../src/importer/listing-places.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { searchQuery } from '../../src/search/engine.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const SEED_DIR = path.resolve(import.meta.dirname, '../../seed-data');
const MILES_20 = 20 * 1609.344;

// A made-up district: a 4 × 4 grid of postcodes, 2 km apart, and a neighbouring district 4 km to its north.
const grid = (district: string, outcode: string, north: number) =>
  [0, 1, 2, 3].flatMap((i) =>
    [0, 1, 2, 3].map(
      (j) =>
        `"${outcode} ${i}${'ABDE'[j]}Z",10,${356000 + 2000 * j},${north + 2000 * i},"E92000001","","","","${district}",""`,
    ),
  );
const INSIDE = osgbToWgs84(359000, 173000); // the middle of the first district
const NEIGHBOUR = osgbToWgs84(359000, 183000); // the middle of the second

async function gazetteer(): Promise<{ codepoint: string; places: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'coverage-'));
  await mkdir(path.join(root, 'codepo_gb/Data/CSV'), { recursive: true });
  const rows = [...grid('E06000901', 'BS1', 170000), ...grid('E06000902', 'BS9', 180000)];
  await writeFile(path.join(root, 'codepo_gb/Data/CSV/bs.csv'), `${rows.join('\r\n')}\r\n`);
  const places = path.join(root, 'places.csv');
  await writeFile(
    places,
    `type,name,latitude,longitude,area\nplace,Testbury,${INSIDE.latitude},${INSIDE.longitude},Testshire\n` +
      `place,Nexttown,${NEIGHBOUR.latitude},${NEIGHBOUR.longitude},Nextshire\n`,
  );
  return { codepoint: path.join(root, 'codepo_gb'), places };
}

/** A council v1 dump in miniature: no locations; some name postcodes in their descriptions. */
async function feed(): Promise<string> {
  const service = (id: string, name: string, description: string, extra: object = {}) => ({
    id,
    name,
    description: `<p>${description}</p>`,
    status: 'active',
    organization: { id: 'org-testbury', name: 'Testbury Community Directory' },
    ...extra,
  });
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'coverage-feed-')), 'feed.json');
  await writeFile(
    file,
    JSON.stringify([
      service('befriending', 'Riverside Befriending', 'Volunteers phone people who live alone.'),
      service(
        'lunch',
        'Tuesday Lunch Club',
        'Lunch and a chat at St Example&#39;s Hall, BS1 1DZ. All welcome.',
      ),
      service('choir', 'Two Halls Choir', 'We sing at BS1 1DZ in winter and BS1 2EZ in summer.'),
      service('unknown', 'Lost Postcode Group', 'Meets at the library, BS1 7QQ.'),
      service('online', 'Online Chess Club', 'Chess online.', { attending_type: 'Online' }),
      // Rejected (its id is taken): covered before the check, but not counted as covered.
      service('befriending', 'Riverside Befriending again', 'A second record under the same id.'),
    ]),
  );
  return file;
}

describe('listings without a location: venues from descriptions, the area a feed covers, what is left out (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let stores: Stores;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
  });
  beforeEach(async () => {
    await resetData(db);
    const { codepoint, places } = await gazetteer();
    await runImport(stores, codepoint, { format: 'codepoint' });
    await runImport(stores, places, { format: 'places' });
  });

  const areas = async (id: string) =>
    (await db.query(
      `SELECT name, extent_type, area IS NOT NULL AS mapped FROM service_area WHERE service_id = $1`,
      [id],
    )) as { name: string; extent_type: string; mapped: boolean }[];

  it("keeps each postcode's local authority district from Code-Point", async () => {
    const [row] = (await db.query(`SELECT area FROM place WHERE kind = 'postcode' AND key = 'BS11DZ'`)) as {
      area: string;
    }[];
    expect(row.area).to.equal('E06000901');
  });

  it('--covers outlines the district holding the place and gives it to every listing without a place, idempotently', async () => {
    const file = await feed();
    const report = await runImport(stores, file, { format: 'oruk-v1', covers: 'Testbury', now: NOW });
    expect(summaryLine(report)).to.equal('imported 5, updated 0, unchanged 0, rejected 1');
    expect(report.details).to.include(
      'covered by Testbury (local authority district E06000901, outlined from 16 postcodes): 3',
    );
    for (const id of ['befriending', 'choir', 'unknown']) {
      expect(await areas(id), id).to.deep.equal([{ name: 'Testbury', extent_type: 'geojson', mapped: true }]);
    }
    expect(await areas('lunch'), 'it has a venue now').to.deep.equal([]);
    expect(await areas('online'), 'online is a place').to.deep.equal([]);

    const engine = new PostgresSearchEngine(db);
    const near = (point: { latitude: number; longitude: number }) =>
      engine.search(searchQuery({ near: point, radiusMetres: 1609, now: NOW }));
    const inside = await near(INSIDE);
    const covered = inside.hits.filter((h) => h.placement === 'area');
    expect(covered.map((h) => h.name).sort()).to.deep.equal([
      'Lost Postcode Group',
      'Riverside Befriending',
      'Two Halls Choir',
    ]);
    expect(covered.every((h) => h.areaName === 'Testbury')).to.equal(true);
    // The neighbouring district is outside the outline: nothing there covers it.
    expect((await near(NEIGHBOUR)).hits.filter((h) => h.placement === 'area')).to.deep.equal([]);

    const page = await request(buildApp(db)).get('/search?where=Testbury&radius=1');
    expect(page.status).to.equal(200);
    expect(cheerio.load(page.text)('.results').text()).to.include('Covers Testbury');

    const again = await runImport(stores, file, { format: 'oruk-v1', covers: 'Testbury', now: NOW });
    expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 5, rejected 1');
  });

  it('a regional feed covers each district it names: either one finds the listing, under that district’s name', async () => {
    const file = await feed();
    // Nextshire is found by a town in it; Testbury is named twice in other words: one district, one area.
    const report = await runImport(stores, file, {
      format: 'oruk-v1',
      covers: ['Testbury', 'Nextshire=Nexttown', 'BS1 1DZ'],
      now: NOW,
    });
    expect(report.details).to.include(
      'covered by Testbury (local authority district E06000901, outlined from 16 postcodes) and Nextshire (local authority district E06000902, outlined from 16 postcodes): 3',
    );
    expect((await areas('befriending')).map((a) => a.name).sort()).to.deep.equal(['Nextshire', 'Testbury']);
    const engine = new PostgresSearchEngine(db);
    for (const [point, name] of [
      [INSIDE, 'Testbury'],
      [NEIGHBOUR, 'Nextshire'],
    ] as const) {
      const found = await engine.search(searchQuery({ near: point, radiusMetres: 1609, now: NOW }));
      const covered = found.hits.filter((h) => h.placement === 'area');
      expect(covered.map((h) => h.name).sort(), name).to.deep.equal([
        'Lost Postcode Group',
        'Riverside Befriending',
        'Two Halls Choir',
      ]);
      expect(covered.every((h) => h.areaName === name)).to.equal(true);
    }
  });

  it('refuses --covers when no postcode carries a district code, before reading a record', async () => {
    // A town name as a postcode's area (the sample gazetteer's) is not a district.
    await db.query(`UPDATE place SET area = 'Testshire' WHERE kind = 'postcode'`);
    let message = '';
    await runImport(stores, await feed(), { format: 'oruk-v1', covers: 'Testbury', now: NOW }).catch(
      (error: Error) => (message = error.message),
    );
    expect(message).to.match(/^--covers "Testbury": no postcodes with a local authority district/);
    expect((await db.query('SELECT count(*)::int AS n FROM service'))[0].n).to.equal(0);
  });

  it('makes the one full postcode written in a description the venue, marked as taken from it', async () => {
    const report = await runImport(stores, await feed(), { format: 'oruk-v1', now: NOW });
    expect(report.details).to.include(
      'venues taken from a postcode in the description: 1 (postcode not in the postcode table: 1; several postcodes named, none taken: 1)',
    );
    const venues = (await db.query(
      `SELECT sal.service_id, l.name, l.description, l.latitude, l.longitude, a.postal_code
       FROM service_at_location sal JOIN location l ON l.id = sal.location_id
       LEFT JOIN address a ON a.location_id = l.id WHERE l.location_type = 'physical'`,
    )) as Record<string, unknown>[];
    const bs11dz = osgbToWgs84(356000 + 2000 * 2, 170000 + 2000 * 1);
    expect(venues).to.deep.equal([
      {
        service_id: 'lunch',
        name: 'BS1 1DZ (postcode in the description)',
        description: DESCRIBED_VENUE_NOTE,
        latitude: bs11dz.latitude,
        longitude: bs11dz.longitude,
        postal_code: 'BS1 1DZ',
      },
    ]);
    const engine = new PostgresSearchEngine(db);
    const found = await engine.search(searchQuery({ near: bs11dz, radiusMetres: 1609, now: NOW }));
    const local = found.hits.filter((h) => h.placement === 'local');
    const activity = await request(buildApp(db)).get('/activities/lunch');
    expect(cheerio.load(activity.text)('#where').parent().text()).to.include(DESCRIBED_VENUE_NOTE);
    expect(local.map((h) => h.name)).to.deep.equal(['Tuesday Lunch Club']);
  });

  it('counts the matches a search near a place leaves out for having no place, and says so on the page', async () => {
    await runImport(stores, await feed(), { format: 'oruk-v1', now: NOW });
    const engine = new PostgresSearchEngine(db);
    const near = await engine.search(searchQuery({ near: INSIDE, radiusMetres: MILES_20, now: NOW }));
    // Befriending, the choir and the lost postcode group; not the lunch club (a venue) nor the chess (online).
    expect(near.unplaced).to.equal(3);
    const words = await engine.search(
      searchQuery({ text: 'choir', near: INSIDE, radiusMetres: MILES_20, now: NOW }),
    );
    expect(words.unplaced, 'the same words and filters').to.equal(1);
    expect((await engine.search(searchQuery({ now: NOW }))).unplaced, 'no place, nothing left out').to.equal(
      undefined,
    );

    const page = await request(buildApp(db)).get('/search?q=choir&where=Testbury');
    const $ = cheerio.load(page.text);
    expect($('#unplaced').text().replace(/\s+/g, ' ').trim()).to.equal(
      '1 listing has no location or area and is not shown for a place; search without a place to see it.',
    );
    expect($('#unplaced a').attr('href')).to.equal('/search?q=choir');
  });

  it('calls the listings fictional only while the sample data is all there is', async () => {
    await seedDirectory(stores, SEED_DIR, NOW);
    expect(await stores.directory.holdsSampleData()).to.equal(true);
    await runImport(stores, await feed(), { format: 'oruk-v1', dryRun: true, now: NOW });
    expect(await stores.directory.holdsSampleData(), 'a dry run changes nothing').to.equal(true);
    await runImport(stores, await feed(), { format: 'oruk-v1', now: NOW });
    expect(await stores.directory.holdsSampleData()).to.equal(false);
    const page = await request(buildApp(db)).get('/');
    expect(page.text).not.to.include('fictional examples');
  });
});
