import { expect } from 'chai';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { DataSource } from 'typeorm';
import yazl from 'yazl';
import { loadConfig } from '../../src/config.js';
import { findPlace } from '../../src/db/place-store.js';
import { findTermByName } from '../../src/db/taxonomy-store.js';
import { locate } from '../../src/geo/locate.js';
import { osgbToWgs84 } from '../../src/geo/osgb.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase } from '../support/database.js';
import { createStores, type Stores } from '../../src/db/stores.js';

const SHARED = loadConfig().sharedDataDir;
const OUTCODES = path.join(SHARED, 'geo/outcodes-codepoint-open-2025-10.csv');
const GEONAMES = path.join(SHARED, 'geo/geonames-GB-postal.txt');
const ACTIVITY_LIST = path.join(SHARED, 'taxonomies/openactive-activity-list.jsonld');

// Two area files in the official layout: no header; Postcode, quality, Eastings, Northings, codes….
const BS_ROWS = [
  '"BS1 1DB",10,358722,173079,"E92000001","E19000002","E18000010","","E06000023","E05010892"',
  '"BS8  1TH",10,357393,173209,"E92000001","E19000002","E18000010","","E06000023","E05010892"',
  '"BS5 0ZZ",90,0,0,"E92000001","","","","",""',
  '"NOT A POSTCODE",10,358000,173000,"E92000001","","","","",""',
];
const LS_ROWS = [
  '"LS6 1AA",10,428400,435800,"E92000001","E19000001","E18000003","","E08000035","E05011405"',
  ...[1, 2, 3, 4].map((n) => `"LS6 9Z${'ABCD'[n - 1]}",90,0,0,"E92000001","","","","",""`),
];

async function codepointFolder(bs = BS_ROWS, ls = LS_ROWS): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'codepoint-'));
  await mkdir(path.join(root, 'codepo_gb/Data/CSV'), { recursive: true });
  await mkdir(path.join(root, 'codepo_gb/Doc'), { recursive: true });
  await writeFile(path.join(root, 'codepo_gb/Data/CSV/bs.csv'), `${bs.join('\r\n')}\r\n`);
  await writeFile(path.join(root, 'codepo_gb/Data/CSV/ls.csv'), `${ls.join('\r\n')}\r\n`);
  // Doc/ holds CSVs too; they are not postcodes and must be skipped.
  await writeFile(
    path.join(root, 'codepo_gb/Doc/Code-Point_Open_Column_Headers.csv'),
    'PC,PQ,EA,NO\nPostcode,Positional_quality_indicator,Eastings,Northings\n',
  );
  return path.join(root, 'codepo_gb');
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(path.dirname(folder), path.join(e.parentPath, e.name)))
    .sort();
}

/** Packs a folder the way OS distributes it: the tar.gz holds codepo_gb/… at its root. */
async function tarGz(folder: string): Promise<string> {
  const out = path.join(path.dirname(folder), 'codepo_gb.tar.gz');
  const pack = tar.pack();
  const writing = pipeline(pack, createGzip(), createWriteStream(out));
  for (const name of await filesUnder(folder)) {
    pack.entry({ name }, readFileSync(path.join(path.dirname(folder), name)));
  }
  pack.finalize();
  await writing;
  return out;
}

async function zip(folder: string): Promise<string> {
  const out = path.join(path.dirname(folder), 'codepo_gb.zip');
  const archive = new yazl.ZipFile();
  for (const name of await filesUnder(folder)) archive.addFile(path.join(path.dirname(folder), name), name);
  archive.end();
  await pipeline(archive.outputStream, createWriteStream(out));
  return out;
}

const count = async (db: DataSource, sql: string, parameters: unknown[] = []) =>
  ((await db.query(sql, parameters)) as { n: number }[])[0].n;

function requireShared(file: string) {
  if (!existsSync(file))
    throw new Error(`${file} is missing: these tests read the shared open data (set SHARED_DATA_DIR)`);
}

describe('place and taxonomy importers (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let stores: Stores;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
  });

  describe('Code-Point Open', () => {
    beforeEach(async () => resetData(db));

    it('imports a .tar.gz in the official layout, converting the grid to WGS84, and re-imports as unchanged', async () => {
      const folder = await codepointFolder();
      const archive = await tarGz(folder);
      const first = await runImport(stores, archive, { format: 'codepoint' });
      expect(summaryLine(first)).to.equal('imported 3, updated 0, unchanged 0, rejected 6');

      const bs8 = await findPlace(db, 'postcode', 'BS81TH');
      expect(bs8, 'odd spacing is normalised; the area is its local authority district').to.include({
        name: 'BS8 1TH',
        area: 'E06000023',
      });
      expect(bs8!.latitude).to.equal(osgbToWgs84(357393, 173209).latitude);
      expect(bs8!.longitude).to.equal(osgbToWgs84(357393, 173209).longitude);
      // BS1 1DB is in central Bristol, at about 51.45°N 2.60°W.
      const bs1 = await findPlace(db, 'postcode', 'BS11DB');
      expect(bs1!.latitude).to.be.closeTo(51.453, 0.01);
      expect(bs1!.longitude).to.be.closeTo(-2.596, 0.01);

      const again = await runImport(stores, archive, { format: 'codepoint' });
      expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 3, rejected 6');
    });

    it('summarises rejected rows by reason with their first positions instead of one line each', async () => {
      const archive = await tarGz(await codepointFolder());
      const report = await runImport(stores, archive, { format: 'codepoint' });
      expect(report.rejected).to.equal(6);
      expect(report.rejections).to.have.length(2);
      const noCoordinates = report.rejections.find((r) => r.reasons[0].startsWith('no coordinates'))!;
      expect(noCoordinates.position.file).to.match(/codepo_gb\.tar\.gz:codepo_gb\/Data\/CSV\/bs\.csv$/);
      expect(noCoordinates.position.index, 'BS5 0ZZ is the third row').to.equal(2);
      expect(noCoordinates.reasons[0]).to.equal(
        'no coordinates: 5 rows (also ls.csv record 2, ls.csv record 3, …)',
      );
      const invalid = report.rejections.find((r) => r.reasons[0].startsWith('not a valid postcode'))!;
      expect(invalid.reasons[0]).to.equal('not a valid postcode: 1 row');
      expect(invalid.position.index).to.equal(3);
    });

    it('reads the unpacked folder and a .zip of the same layout, and reports changed rows', async () => {
      const folder = await codepointFolder();
      expect(summaryLine(await runImport(stores, folder, { format: 'codepoint' }))).to.equal(
        'imported 3, updated 0, unchanged 0, rejected 6',
      );
      const moved = await codepointFolder(
        BS_ROWS.map((row) => row.replace('357393,173209', '357400,173300')),
      );
      const zipped = await zip(moved);
      expect(summaryLine(await runImport(stores, zipped, { format: 'codepoint', dryRun: true }))).to.equal(
        'imported 0, updated 1, unchanged 2, rejected 6',
      );
      expect((await findPlace(db, 'postcode', 'BS81TH'))!.latitude, 'dry run wrote nothing').to.equal(
        osgbToWgs84(357393, 173209).latitude,
      );
      expect(summaryLine(await runImport(stores, zipped, { format: 'codepoint' }))).to.equal(
        'imported 0, updated 1, unchanged 2, rejected 6',
      );
      expect((await findPlace(db, 'postcode', 'BS81TH'))!.latitude).to.equal(
        osgbToWgs84(357400, 173300).latitude,
      );
    });

    it('derives every district and sector from the postcodes, at the mean of their positions', async () => {
      // Two sectors of LS6, one of M32, E14 and E1 4 ("E14" is the district, "E1 4" the sector), and London's
      // sub-districts: SW1A and SW1P make SW1, while E1 stays a district of its own beside E1W.
      const grid: [string, number, number][] = [
        ['LS6 2AA', 428000, 435000],
        ['LS6 2AB', 428200, 435400],
        ['LS6 3AA', 427000, 436000],
        ['M32 0AA', 378000, 395000],
        ['E14 2AA', 537000, 180000],
        ['E1 4AA', 535000, 182000],
        ['E1W 1AA', 534500, 180500],
        ['SW1A 1AA', 529090, 179645],
        ['SW1P 3AB', 529900, 178800],
      ];
      const rows = grid.map(([postcode, e, n]) => `"${postcode}",10,${e},${n},"E92000001","","","","",""`);
      const folder = await codepointFolder(BS_ROWS, rows);
      const report = await runImport(stores, folder, { format: 'codepoint' });
      expect(summaryLine(report)).to.equal('imported 11, updated 0, unchanged 0, rejected 2');
      // Districts BS1, BS8, LS6, M32, E14, E1, E1W, SW1A, SW1P, SW1; a sector for each of the postcodes' districts and first digits.
      expect(report.details).to.deep.equal([
        'postcode districts 10 and sectors 10, from the postcodes: imported 20, updated 0, unchanged 0',
      ]);
      const position = (postcode: string) => {
        const [, e, n] = grid.find(([p]) => p === postcode)!;
        return osgbToWgs84(e, n);
      };
      const mean = (...postcodes: string[]) => ({
        latitude: postcodes.reduce((sum, p) => sum + position(p).latitude, 0) / postcodes.length,
        longitude: postcodes.reduce((sum, p) => sum + position(p).longitude, 0) / postcodes.length,
      });
      const ls62 = (await findPlace(db, 'sector', 'LS6 2'))!;
      expect(ls62).to.include({ name: 'LS6 2' });
      expect(ls62.latitude).to.be.closeTo(mean('LS6 2AA', 'LS6 2AB').latitude, 1e-6);
      expect(ls62.longitude).to.be.closeTo(mean('LS6 2AA', 'LS6 2AB').longitude, 1e-6);
      const ls6 = (await findPlace(db, 'outcode', 'LS6'))!;
      expect(ls6.latitude).to.be.closeTo(mean('LS6 2AA', 'LS6 2AB', 'LS6 3AA').latitude, 1e-6);
      const sw1 = (await findPlace(db, 'outcode', 'SW1'))!;
      expect(sw1.longitude).to.be.closeTo(mean('SW1A 1AA', 'SW1P 3AB').longitude, 1e-6);
      expect((await findPlace(db, 'outcode', 'E1'))!.longitude).to.be.closeTo(mean('E1 4AA').longitude, 1e-6);
      expect(await locate(stores.places, 'sw1')).to.include({ found: true, label: 'the SW1 area' });

      // A sector typed any way is the sector, never a district made of its letters and digits.
      for (const typed of ['LS6 2', 'ls6 2', 'LS62', ' ls62 ']) {
        expect(await locate(stores.places, typed), typed).to.deep.include({
          found: true,
          label: 'the LS6 2 area',
          latitude: ls62.latitude,
          note: null,
        });
      }
      for (const typed of ['M32 0', 'm320']) {
        expect(await locate(stores.places, typed), typed).to.include({
          found: true,
          label: 'the M32 0 area',
        });
      }
      expect(await locate(stores.places, 'M32'), 'a district still reads as one').to.include({
        label: 'the M32 area',
      });
      expect(await locate(stores.places, 'E14'), 'written together, a known district wins').to.include({
        label: 'the E14 area',
      });
      expect(await locate(stores.places, 'E1 4'), 'with the space, the sector').to.include({
        label: 'the E1 4 area',
      });
      // A sector with no postcodes, in a district we know: near the middle of the district, and said so.
      expect(await locate(stores.places, 'BS5 3'), 'nor a district BS53').to.include({
        found: false,
        message:
          'We do not know the postcode sector BS5 3. Check it, or type a full postcode or a place name.',
      });
      const ls69 = await locate(stores.places, 'LS6 9');
      expect(ls69).to.include({
        found: true,
        label: 'the LS6 area',
        note: 'We could not find the postcode sector LS6 9 exactly, so these are near the middle of LS6.',
      });
      // An unknown full postcode is searched around its sector first.
      expect(await locate(stores.places, 'LS6 2ZZ')).to.include({
        found: true,
        label: 'the LS6 2 area',
        note: 'We could not find LS6 2ZZ exactly, so these are near the middle of LS6 2.',
      });

      const again = await runImport(stores, folder, { format: 'codepoint' });
      expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 11, rejected 2');
      expect(again.details).to.deep.equal([
        'postcode districts 10 and sectors 10, from the postcodes: imported 0, updated 0, unchanged 20',
      ]);
      const dry = await runImport(stores, folder, { format: 'codepoint', dryRun: true });
      expect(dry.details, 'a dry run derives nothing').to.deep.equal([]);
    });

    it('says plainly when an archive is not Code-Point Open', async () => {
      const root = await mkdtemp(path.join(tmpdir(), 'not-codepoint-'));
      const folder = path.join(root, 'other');
      await mkdir(folder);
      await writeFile(path.join(folder, 'readme.csv'), 'a,b\n1,2\n');
      const archive = await tarGz(folder);
      await runImport(stores, archive, { format: 'codepoint' }).then(
        () => expect.fail('expected an error'),
        (error: Error) =>
          expect(error.message).to.equal(`no codepo_gb/Data/CSV/*.csv files found in ${archive}`),
      );
      const broken = path.join(root, 'broken.tar.gz');
      await writeFile(broken, 'this is not gzip');
      await runImport(stores, broken, { format: 'codepoint' }).then(
        () => expect.fail('expected an error'),
        (error: Error) => expect(error.message).to.match(/broken\.tar\.gz: not a readable \.tar\.gz/),
      );
      expect(await count(db, 'SELECT count(*) AS n FROM place')).to.equal(0);
    });

    it('leaves the gazetteer as it was when a file fails part-way', async () => {
      const folder = await codepointFolder(BS_ROWS, [...LS_ROWS, '"LS6 2AA",10,"428400,435800']);
      await runImport(stores, folder, { format: 'codepoint' }).then(
        () => expect.fail('expected an error'),
        (error: Error) => expect(error.message).to.match(/ls\.csv record \d+: /),
      );
      expect(await count(db, 'SELECT count(*) AS n FROM place')).to.equal(0);
    });
  });

  describe('the real outcode, GeoNames and OpenActive files', () => {
    before(async () => {
      [OUTCODES, GEONAMES, ACTIVITY_LIST].forEach(requireShared);
      await resetData(db);
    });

    it('imports every postcode district from the outcode CSV, idempotently', async () => {
      const rows = readFileSync(OUTCODES, 'utf8').trim().split('\n').slice(1);
      const first = await runImport(stores, OUTCODES, { format: 'outcodes' });
      expect(first.imported).to.equal(rows.length);
      expect(first.rejected).to.equal(0);
      for (const outcode of ['BS5', 'LS6', 'M33']) {
        expect(await findPlace(db, 'outcode', outcode), outcode).to.include({ name: outcode });
      }
      const again = await runImport(stores, OUTCODES, { format: 'outcodes' });
      expect(summaryLine(again)).to.equal(`imported 0, updated 0, unchanged ${rows.length}, rejected 0`);
      const bs5 = await locate(stores.places, 'bs5');
      expect(bs5).to.include({ found: true, label: 'the BS5 area' });
    });

    it('answers a mistyped or unknown postcode with a message and a suggestion, never an empty result', async () => {
      const half = await locate(stores.places, 'BS5 6X');
      expect(half).to.include({ found: false });
      if (half.found) return;
      expect(half.message).to.match(/"BS5 6X" does not look like a postcode we know/);
      expect(half.suggestions[0]).to.equal('BS5');
      const unknownDistrict = await locate(stores.places, 'BS55 1AA');
      expect(unknownDistrict).to.include({ found: false });
      if (unknownDistrict.found) return;
      expect(unknownDistrict.message).to.equal(
        'We do not know the postcode BS55 1AA. Check it, or try a town or area name.',
      );
      expect(unknownDistrict.suggestions).to.include('BS5');
    });

    it("converts grid positions the same way the outcode file's publisher did (within 1 m)", () => {
      // An independent check of the transform: the file gives both grid and WGS84 for every district.
      const rows = readFileSync(OUTCODES, 'utf8').trim().split('\n').slice(1);
      let worst = 0;
      for (const row of rows) {
        const [, latitude, longitude, easting, northing] = row.split(',').map(Number);
        const ours = osgbToWgs84(easting, northing);
        const north = (ours.latitude - latitude) * 111320;
        const east = (ours.longitude - longitude) * 111320 * Math.cos((latitude * Math.PI) / 180);
        worst = Math.max(worst, Math.hypot(north, east));
      }
      expect(worst).to.be.below(1);
    });

    it('imports GeoNames place names, one per name and area', async () => {
      const rows = readFileSync(GEONAMES, 'utf8').trim().split('\n').length;
      const report = await runImport(stores, GEONAMES, { format: 'geonames' });
      expect(report.rejected).to.equal(0);
      // Repeats of a place under several districts merge: ~26,400 places from ~27,450 rows.
      expect(report.imported).to.be.within(rows * 0.9, rows);
      const again = await runImport(stores, GEONAMES, { format: 'geonames' });
      expect(summaryLine(again)).to.equal(`imported 0, updated 0, unchanged ${report.imported}, rejected 0`);
      const bristol = await findPlace(db, 'place', 'bristol | bristol');
      expect(bristol, '"County of Bristol" reads as Bristol').to.include({
        name: 'Bristol',
        area: 'Bristol',
      });
      expect(bristol!.latitude).to.be.closeTo(51.455, 0.02);
    });

    it('finds "Clifton, Bristol" among the many Cliftons, and says which Clifton it used otherwise', async () => {
      const clifton = await locate(stores.places, 'Clifton, Bristol');
      expect(clifton).to.include({ found: true, label: 'Clifton, Bristol', note: null });
      if (!clifton.found) return;
      expect(clifton.latitude).to.be.closeTo(51.46, 0.01);
      expect(clifton.longitude).to.be.closeTo(-2.62, 0.01);

      const ambiguous = await locate(stores.places, 'Clifton');
      expect(ambiguous.found).to.equal(true);
      if (!ambiguous.found) return;
      expect(ambiguous.label).to.match(/^Clifton, /);
      expect(ambiguous.note).to.match(
        /more than one Clifton; this is Clifton, .+ type its county too, like "Clifton, /,
      );
      expect(await locate(stores.places, 'clifton')).to.deep.equal(ambiguous);

      // Any word of the area narrows: "Yorkshire" finds North Yorkshire.
      const yorkshire = await locate(stores.places, 'Skipton, Yorkshire');
      expect(yorkshire).to.include({ found: true, label: 'Skipton, North Yorkshire' });
    });

    it('ranks a place named by many postcode districts first', async () => {
      const manchester = await locate(stores.places, 'Manchester');
      expect(manchester).to.include({ found: true, label: 'Manchester, Greater Manchester' });
      const unknown = await locate(stores.places, 'Cliftonn');
      expect(unknown.found).to.equal(false);
      if (unknown.found) return;
      expect(unknown.message).to.match(/could not find a place called "Cliftonn"/);
      expect(unknown.suggestions.some((s) => s.startsWith('Clifton'))).to.equal(true);
      // A misspelt town is offered the town itself first, not the places of that town's county.
      const bristl = await locate(stores.places, 'Bristl');
      expect(bristl.found).to.equal(false);
      if (bristl.found) return;
      expect(bristl.suggestions[0]).to.match(/^Bristol\b/);
    });

    it('imports the OpenActive Activity List as a taxonomy with parents and synonyms', async () => {
      const concepts = (JSON.parse(readFileSync(ACTIVITY_LIST, 'utf8')) as { concept: unknown[] }).concept;
      const first = await runImport(stores, ACTIVITY_LIST, { format: 'openactive' });
      expect(summaryLine(first)).to.equal(`imported ${concepts.length}, updated 0, unchanged 0, rejected 0`);
      const again = await runImport(stores, ACTIVITY_LIST, { format: 'openactive' });
      expect(summaryLine(again)).to.equal(`imported 0, updated 0, unchanged ${concepts.length}, rejected 0`);

      const taxonomy = (await db.query(`SELECT id, name, uri FROM taxonomy WHERE id = $1`, [
        'https://openactive.io/activity-list',
      ])) as { name: string; uri: string }[];
      expect(taxonomy[0]).to.include({
        name: 'OpenActive Activity List',
        uri: 'https://openactive.io/activity-list',
      });

      const listId = 'https://openactive.io/activity-list';
      const walking = await findTermByName(db, listId, 'Walking');
      expect(walking).to.include({ parent_id: null, code: '95092977-5a20-4d6e-b312-8fddabe71544' });
      expect(walking!.term_uri).to.equal(walking!.id);
      expect(walking!.synonyms).to.deep.equal(['Rambling']);
      expect(await findTermByName(db, listId, 'Nordic Walking')).to.include({
        parent_id: walking!.id,
        parent_name: 'Walking',
      });
      const taiChi = await findTermByName(db, listId, 'Tai Chi');
      expect(taiChi).to.include({ parent_name: 'Martial Arts' });
      expect(taiChi!.description).to.match(/deep breathing/);
    });

    it('rejects a file that is not a SKOS concept scheme, naming what is wrong', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'openactive-'));
      const file = path.join(dir, 'list.jsonld');
      await writeFile(file, JSON.stringify({ id: 'https://example.org/list', concept: [] }));
      await runImport(stores, file, { format: 'openactive' }).then(
        () => expect.fail('expected an error'),
        (error: Error) => expect(error.message).to.match(/list\.jsonld: not a SKOS concept scheme \(title: /),
      );
      await writeFile(
        file,
        JSON.stringify({
          id: 'https://example.org/list',
          title: 'Tiny list',
          concept: [
            { id: 'https://example.org/list#a', prefLabel: 'Archery <b>club</b>' },
            { id: 'https://example.org/list#b', prefLabel: 'Bows', broader: ['https://example.org/list#a'] },
            { id: 'not a url', prefLabel: 'Broken' },
          ],
        }),
      );
      const report = await runImport(stores, file, { format: 'openactive' });
      expect(summaryLine(report)).to.equal('imported 2, updated 0, unchanged 0, rejected 1');
      expect(report.rejections[0].position.index).to.equal(2);
      expect(report.rejections[0].reasons[0]).to.match(/^id: /);
      expect(
        await findTermByName(db, 'https://example.org/list', 'Archery club'),
        'HTML is stripped',
      ).to.include({
        code: 'a',
      });
      expect(await findTermByName(db, 'https://example.org/list', 'Bows')).to.include({
        parent_name: 'Archery club',
      });
    });
  });
});
