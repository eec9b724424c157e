import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig, projectRoot } from '../../src/config.js';
import { describePosition } from '../../src/importer/listing.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase } from '../support/database.js';
import { requireSharedData } from '../support/shared-data.js';
import { createStores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const TEMPLATES = path.join(projectRoot, 'seed-data/templates');
const SHARED = loadConfig().sharedDataDir;
const FOOD_BANKS = path.join(SHARED, 'activities/trafford-food_banks_gm_food_banks.csv');
const LIBRARIES = path.join(SHARED, 'activities/librarieshacked-libraries.csv');
const OUTCODES = path.join(SHARED, 'geo/outcodes-codepoint-open-2025-10.csv');
/** The other Trafford Data Lab lists, each with the mapping shipped for it. */
const TRAFFORD = {
  libraries: ['trafford-libraries_gm_libraries.csv', 'trafford-gm-libraries.json'],
  mentalHealth: ['trafford-mental_health_trafford_mental_health_services.csv', 'trafford-mental-health.json'],
  clubs: ['trafford-sports_clubs_sports_clubs.csv', 'trafford-sports-clubs.json'],
  facilities: ['trafford-sport_facilities_sports_facilities.csv', 'trafford-sport-facilities.json'],
} as const;
const traffordFile = ([file]: readonly string[]) => path.join(SHARED, 'activities', file);

interface ScheduleRow {
  freq: string;
  interval: number;
  byday: string;
  opens_at: string;
  closes_at: string;
}

const schedulesOf = async (db: DataSource, name: string) =>
  (await db.query(
    `SELECT sc.freq, sc.interval, sc.byday, to_char(sc.opens_at, 'HH24:MI') AS opens_at,
            to_char(sc.closes_at, 'HH24:MI') AS closes_at
     FROM schedule sc JOIN service s ON s.id = sc.service_id WHERE s.name = $1 ORDER BY sc.byday, sc.opens_at`,
    [name],
  )) as ScheduleRow[];

describe('Spreadsheet (csv) import (real Postgres)', function () {
  this.timeout(180000);
  let db: DataSource;
  let dir: string;

  before(async () => {
    db = await testDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'csv-import-'));
  });
  beforeEach(async () => {
    await resetData(db);
    await runImport(createStores(db), path.join(projectRoot, 'seed-data/places'), { format: 'places' });
  });

  it('imports the documented template with schedules, costs and tags, and again changes nothing', async () => {
    const template = path.join(TEMPLATES, 'activities-template.csv');
    const first = await runImport(createStores(db), template, { format: 'csv', now: NOW });
    expect(summaryLine(first)).to.equal('imported 2, updated 0, unchanged 0, rejected 0');
    expect(await schedulesOf(db, 'Tuesday Walk and Talk')).to.deep.equal([
      { freq: 'WEEKLY', interval: 1, byday: 'TU', opens_at: '10:00', closes_at: '11:00' },
    ]);
    expect(await schedulesOf(db, 'Craft and Chat')).to.deep.equal([
      { freq: 'MONTHLY', interval: 1, byday: '1MO', opens_at: '13:30', closes_at: '15:30' },
    ]);
    const walk = (
      await db.query(
        `SELECT s.id, s.is_free, o.name AS organisation, l.latitude, a.postal_code,
                (SELECT array_agg(t.code ORDER BY t.code) FROM attribute at JOIN taxonomy_term t ON t.id = at.taxonomy_term_id
                 WHERE at.link_id = s.id) AS codes
         FROM service s JOIN organization o ON o.id = s.organization_id
         JOIN service_at_location sal ON sal.service_id = s.id JOIN location l ON l.id = sal.location_id
         JOIN address a ON a.location_id = l.id WHERE s.name = 'Tuesday Walk and Talk'`,
      )
    )[0] as Record<string, unknown>;
    expect(walk.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(walk).to.deep.include({
      is_free: true,
      organisation: 'Fictional Friends of Easton Park',
      postal_code: 'BS5 6AU',
    });
    expect(walk.latitude).to.equal(51.463); // the BS5 district centre: the full postcode is not in the sample gazetteer
    expect(walk.codes).to.deep.equal([
      'drop-in',
      'getting-active',
      'loneliness',
      'new-members-welcome',
      'someone-will-meet-you',
      'walking',
    ]);
    const craft = (
      await db.query(
        `SELECT s.is_free, c.amount::float8 AS amount FROM service s JOIN cost_option c ON c.service_id = s.id WHERE s.name = 'Craft and Chat'`,
      )
    )[0];
    expect(craft).to.deep.equal({ is_free: false, amount: 2 });

    const again = await runImport(createStores(db), template, { format: 'csv', now: NOW });
    expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 2, rejected 0');
  });

  it('validates every row first and names the row and column of each problem', async () => {
    const file = path.join(dir, 'problems.csv');
    await writeFile(
      file,
      [
        'organisation,activity,postcode,days,start_time,end_time,frequency,start_date,needs',
        'Good Group,Fine Walk,BS5 6JH,Wednesday,10am,11am,,,loneliness',
        'Good Group,,BS5 6JH,Wednesday,10:00,11:00,,,',
        'Good Group,Nowhere,BS5 XYZ,Monday,10:00,11:00,,,',
        'Good Group,Far Away,IV99 9ZZ,Monday,10:00,11:00,,,',
        'Good Group,Odd Time,BS5 6JH,Monday,25:00,11:00,,,',
        'Good Group,Fortnightly,BS5 6JH,Monday,10:00,11:00,every 2 weeks,,',
        'Good Group,Bad Need,BS5 6JH,Monday,10:00,11:00,,,feeling grumpy',
        'Good Group,Sometimes,BS5 6JH,Funday,10:00,11:00,,,',
        'Good Group,Month,BS5 6JH,,10:00,11:00,first of the month,,',
      ].join('\n'),
    );
    const report = await runImport(createStores(db), file, { format: 'csv', now: NOW });
    expect(summaryLine(report)).to.equal('imported 1, updated 0, unchanged 0, rejected 8');
    const lines = report.rejections.map((r) => `${describePosition(r.position)}: ${r.reasons.join('; ')}`);
    expect(lines[0]).to.match(/problems\.csv row 3: activity: is required$/);
    expect(lines[1]).to.match(/row 4: postcode: "BS5 XYZ" is not a UK postcode/);
    expect(lines[2]).to.match(/row 5: postcode: "IV99 9ZZ" is not in the directory's gazetteer/);
    expect(lines[3]).to.match(/row 6: start_time: "25:00" is not a time/);
    expect(lines[4]).to.match(/row 7: start_date: is required for an activity every few weeks/);
    expect(lines[5]).to.match(/row 8: needs: "feeling grumpy" is not one of loneliness/);
    expect(lines[6]).to.match(/row 9: days: "Funday" is not a day/);
    expect(lines[7]).to.match(/row 10: frequency: "first of the month" needs a day/);
    expect(await schedulesOf(db, 'Fine Walk')).to.deep.equal([
      { freq: 'WEEKLY', interval: 1, byday: 'WE', opens_at: '10:00', closes_at: '11:00' },
    ]);
  });

  it('loads the Greater Manchester food banks through the shipped mapping, parsing clear opening times only', async function () {
    requireSharedData(this, [FOOD_BANKS, OUTCODES]);
    await runImport(createStores(db), OUTCODES, { format: 'outcodes' });
    const report = await runImport(createStores(db), FOOD_BANKS, {
      format: 'csv',
      mapping: path.join(TEMPLATES, 'mappings/trafford-food-banks.json'),
      now: NOW,
    });
    expect(report.rejected, JSON.stringify(report.rejections.slice(0, 3))).to.equal(0);
    expect(report.imported).to.equal(171);
    const [, parsed, notes] = /(\d+) rows turned into schedules, (\d+) kept as notes/.exec(
      report.details![0],
    )!;
    expect(Number(parsed)).to.be.greaterThan(60);
    expect(Number(notes)).to.be.greaterThan(20);
    expect(await schedulesOf(db, 'Salvation Army Bolton Citadel')).to.deep.equal([
      { freq: 'WEEKLY', interval: 1, byday: 'WE', opens_at: '09:30', closes_at: '12:00' },
    ]);
    const vague = (await db.query(
      `SELECT s.description, (SELECT count(*)::int FROM schedule sc WHERE sc.service_id = s.id) AS schedules
       FROM service s WHERE s.description LIKE '%One morning per week%'`,
    )) as { description: string; schedules: number }[];
    expect(vague).to.deep.equal([{ description: 'Opening times: One morning per week', schedules: 0 }]);
    const contacts = (await db.query(`SELECT count(*)::int AS n FROM service WHERE email LIKE '%@%'`))[0].n;
    expect(contacts).to.equal(135);
  });

  it('loads the libraries list with per-weekday hours grouped into schedules', async function () {
    requireSharedData(this, [LIBRARIES, OUTCODES]);
    await runImport(createStores(db), OUTCODES, { format: 'outcodes' });
    // The first 400 libraries (a temporary excerpt, read by path) keep the test quick; the full list is 4,231.
    const text = await readFile(LIBRARIES, 'utf8');
    const rows = parse(text, { bom: true }) as string[][];
    const excerpt = path.join(dir, 'libraries-excerpt.csv');
    // No cell in this file spans lines, so the header and 400 rows are the first 401 lines.
    await writeFile(excerpt, text.split(/\r?\n/).slice(0, 401).join('\n'));
    const closedRows = rows.slice(1, 401).filter((row) => row[rows[0].indexOf('Year closed')].trim()).length;
    const report = await runImport(createStores(db), excerpt, {
      format: 'csv',
      mapping: path.join(TEMPLATES, 'mappings/librarieshacked-libraries.json'),
      now: NOW,
    });
    expect(summaryLine(report), JSON.stringify(report.rejections)).to.equal(
      'imported 400, updated 0, unchanged 0, rejected 0',
    );
    expect(await schedulesOf(db, 'Airyhall Library')).to.deep.equal([
      { freq: 'WEEKLY', interval: 1, byday: 'MO,WE', opens_at: '09:00', closes_at: '19:00' },
      { freq: 'WEEKLY', interval: 1, byday: 'SA', opens_at: '10:00', closes_at: '13:00' },
      { freq: 'WEEKLY', interval: 1, byday: 'SA', opens_at: '14:00', closes_at: '17:00' },
      { freq: 'WEEKLY', interval: 1, byday: 'TU,TH,FR', opens_at: '09:00', closes_at: '17:00' },
    ]);
    const closed = (await db.query(`SELECT count(*)::int AS n FROM service WHERE status = 'defunct'`))[0].n;
    expect(closedRows).to.be.greaterThan(0);
    expect(closed).to.equal(closedRows);
  });

  it('loads the other Trafford lists through their shipped mappings, naming each row it cannot take', async function () {
    requireSharedData(this, [OUTCODES, ...Object.values(TRAFFORD).map(traffordFile)]);
    await runImport(createStores(db), OUTCODES, { format: 'outcodes' });
    const load = (list: readonly string[]) =>
      runImport(createStores(db), traffordFile(list), {
        format: 'csv',
        mapping: path.join(TEMPLATES, 'mappings', list[1]),
        now: NOW,
      });
    const libraries = await load(TRAFFORD.libraries);
    expect(summaryLine(libraries)).to.equal('imported 141, updated 0, unchanged 0, rejected 0');
    const mentalHealth = await load(TRAFFORD.mentalHealth);
    expect(summaryLine(mentalHealth)).to.equal('imported 59, updated 0, unchanged 0, rejected 1');
    // The file's own mistake: a postcode with one digit too many.
    expect(mentalHealth.rejections[0].reasons[0]).to.equal('postcode: "WA154 1HF" is not a UK postcode');
    const clubs = await load(TRAFFORD.clubs);
    expect(summaryLine(clubs)).to.equal('imported 140, updated 0, unchanged 0, rejected 0');
    // A site listed twice with the same facility type keeps the first row; the repeats are named, not merged.
    const facilities = await load(TRAFFORD.facilities);
    expect(summaryLine(facilities)).to.equal('imported 308, updated 0, unchanged 0, rejected 6');
    expect(facilities.rejections.every((r) => /is already used by/.test(r.reasons[0]))).to.equal(true);

    const listing = async (name: string) =>
      (await db.query(
        `SELECT s.description, o.name AS organisation, l.latitude, a.postal_code,
                (SELECT array_agg(t.code ORDER BY t.code) FROM attribute at JOIN taxonomy_term t ON t.id = at.taxonomy_term_id
                 WHERE at.link_id = s.id) AS codes
           FROM service s LEFT JOIN organization o ON o.id = s.organization_id
           JOIN service_at_location sal ON sal.service_id = s.id JOIN location l ON l.id = sal.location_id
           JOIN address a ON a.location_id = l.id WHERE s.name = $1 ORDER BY s.description`,
        [name],
      )) as Record<string, unknown>[];
    // Coordinates from the file itself, the council area as who runs it.
    expect((await listing('Blackrod Library'))[0]).to.deep.include({
      description: 'Local authority run library',
      organisation: 'Bolton',
      latitude: 53.594458,
      postal_code: 'BL6 5EQ',
    });
    // The sport is the description, so a search for "badminton" finds the club.
    expect((await listing('ABC Partington Badminton'))[0]).to.deep.include({
      description: 'Badminton',
      postal_code: 'M31 4FA',
    });
    expect((await listing('ABC Partington Badminton'))[0].codes).to.include.members([
      'getting-active',
      'sport',
    ]);
    // One listing per site and facility type, with how the public gets in and the disability notes.
    expect((await listing('Beactive Urmston')).map((l) => l.description)).to.deep.equal(
      ['Health and fitness gym stations', 'Sports halls', 'Squash courts', 'Studios'].map(
        (type) => `${type}, Pay and Play\n\nIFI accredited`,
      ),
    );
  });

  it('takes an inline mapping and reports a mapped column the file lacks', async () => {
    const file = path.join(dir, 'list.csv');
    await writeFile(file, 'Group,Where,When\nChess Club,BS5 6JH,Thursday 7pm - 9pm\n');
    const ok = await runImport(createStores(db), file, {
      format: 'csv',
      mapping: 'activity=Group,postcode=Where,opening_times=When',
      now: NOW,
    });
    expect(summaryLine(ok)).to.equal('imported 1, updated 0, unchanged 0, rejected 0');
    expect(await schedulesOf(db, 'Chess Club')).to.deep.equal([
      { freq: 'WEEKLY', interval: 1, byday: 'TH', opens_at: '19:00', closes_at: '21:00' },
    ]);
    const bad = await runImport(createStores(db), file, {
      format: 'csv',
      mapping: 'activity=Name,postcode=Where',
      now: NOW,
    });
    expect(bad.rejections[0].reasons[0]).to.equal(
      'the header row lacks columns the mapping names: activity → "Name"',
    );
    try {
      await runImport(createStores(db), file, { format: 'csv', mapping: 'colour=Group' });
      expect.fail('an unknown field should be refused');
    } catch (error) {
      expect((error as Error).message).to.match(/"colour" is not a template field/);
    }
  });
});
