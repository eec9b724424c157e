import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { describeRecord } from '../../src/importer/listing.js';
import type { ImportReport } from '../../src/importer/import-listings.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { requireSharedData } from '../support/shared-data.js';
import { testConfig } from '../support/config.js';
import { runCommand } from '../support/processes.js';
import { createStores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const HOSTILE = 'javascript:alert(document.cookie)';
const BRISTOL = path.join(testConfig().sharedDataDir, 'activities/oruk-v1-bristol-services-2024-12.json');

/** Each warning as the import command prints it, file names shortened. */
const warningLines = (report: ImportReport) =>
  (report.warnings ?? []).map(
    (w) => `${path.basename(describeRecord(w.position, w.id))}: ${w.field}: ${w.message}`,
  );

const dropped = (value: string) =>
  `${JSON.stringify(value)} is not a web address (https://…), or a mailto: or tel: link: left out`;

describe('imports keep only http(s), mailto and tel links, and report what they leave out (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let dir: string;

  before(async () => {
    db = await testDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'import-links-'));
  });
  beforeEach(async () => resetData(db));
  after(() => rm(dir, { recursive: true, force: true }));

  const stored = async (sql: string) => (await db.query(sql)) as Record<string, unknown>[];

  it('HSDS JSON: every link field, the record still imported', async () => {
    const file = path.join(dir, 'services.json');
    await writeFile(
      file,
      JSON.stringify([
        {
          id: 's1',
          name: 'Walk',
          url: HOSTILE,
          organization: {
            id: 'o1',
            name: 'Walkers',
            website: 'data:text/html,<script>x()</script>',
            logo: 'www.example.org/logo.png',
          },
          service_at_locations: [
            {
              id: 'sal1',
              location: {
                id: 'l1',
                location_type: 'virtual',
                name: 'Online',
                url: 'JaVaScRiPt:alert(1)',
                accessibility: [{ id: 'ac1', url: 'vbscript:msgbox' }],
              },
            },
          ],
          schedules: [
            { id: 'sc1', freq: 'WEEKLY', byday: 'MO', opens_at: '10:00', schedule_link: ' java\tscript:x()' },
          ],
        },
        { id: 's2', name: 'Chat', url: 'https://example.org/chat', email: 'chat@example.org' },
        { id: 's3', name: 'Phone', url: 'tel:+441174960000' },
      ]),
    );
    const report = await runImport(createStores(db), file, { format: 'hsds', now: NOW });
    expect(summaryLine(report)).to.equal('imported 3, updated 0, unchanged 0, rejected 0');
    expect(warningLines(report)).to.deep.equal([
      `services.json record 1 (id s1): organization.website: ${dropped('data:text/html,<script>x()</script>')}`,
      `services.json record 1 (id s1): url: ${dropped(HOSTILE)}`,
      `services.json record 1 (id s1): location "l1" url: ${dropped('JaVaScRiPt:alert(1)')}`,
      `services.json record 1 (id s1): location "l1" accessibility url: ${dropped('vbscript:msgbox')}`,
      `services.json record 1 (id s1): schedule "sc1" schedule_link: ${dropped('java\tscript:x()')}`,
    ]);
    expect(await stored(`SELECT id, url FROM service ORDER BY id`)).to.deep.equal([
      { id: 's1', url: null },
      { id: 's2', url: 'https://example.org/chat' },
      { id: 's3', url: 'tel:+441174960000' },
    ]);
    expect(await stored(`SELECT website, logo FROM organization WHERE id = 'o1'`)).to.deep.equal([
      { website: null, logo: 'https://www.example.org/logo.png' },
    ]);
    expect(await stored(`SELECT url FROM location WHERE id = 'l1'`)).to.deep.equal([{ url: null }]);
    expect(await stored(`SELECT url FROM accessibility`)).to.deep.equal([{ url: null }]);
    expect(await stored(`SELECT schedule_link FROM schedule`)).to.deep.equal([{ schedule_link: null }]);
    // A second import finds nothing changed: the dropped values are not "new" each time.
    const again = await runImport(createStores(db), file, { format: 'hsds', now: NOW });
    expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 3, rejected 0');
  });

  it('HSDS tabular package: the CSV row and field', async () => {
    const folder = await mkdtemp(path.join(dir, 'package-'));
    await writeFile(
      path.join(folder, 'services.csv'),
      `id,organization_id,name,url\ns1,o1,Lunch Club,${HOSTILE}\n`,
    );
    await writeFile(
      path.join(folder, 'organizations.csv'),
      'id,name,website\no1,Lunch Trust,https://lunch.example.org\n',
    );
    const report = await runImport(createStores(db), folder, { format: 'hsds-csv', now: NOW });
    expect(summaryLine(report)).to.equal('imported 1, updated 0, unchanged 0, rejected 0');
    expect(warningLines(report)).to.deep.equal([`services.csv row 2 (id s1): url: ${dropped(HOSTILE)}`]);
    expect(
      await stored(`SELECT s.url, o.website FROM service s JOIN organization o ON o.id = s.organization_id`),
    ).to.deep.equal([{ url: null, website: 'https://lunch.example.org' }]);
  });

  it('Open Referral UK v1 feed: the service and organisation websites', async () => {
    const file = path.join(dir, 'oruk.json');
    await writeFile(
      file,
      JSON.stringify({
        content: [
          {
            id: 's1',
            name: 'Walk',
            url: HOSTILE,
            organization: { id: 'o1', name: 'Walkers', url: 'javascript://%0aalert(1)' },
          },
          {
            id: 's2',
            name: 'Tea',
            url: 'kateartereft.com',
            organization: { id: 'o2', name: 'Tea', url: 'mailto:tea@example.org' },
          },
        ],
      }),
    );
    const report = await runImport(createStores(db), file, { format: 'oruk-v1', now: NOW });
    expect(summaryLine(report)).to.equal('imported 2, updated 0, unchanged 0, rejected 0');
    expect(warningLines(report)).to.deep.equal([
      `oruk.json record 1 (id s1): organization.website: ${dropped('javascript://%0aalert(1)')}`,
      `oruk.json record 1 (id s1): url: ${dropped(HOSTILE)}`,
    ]);
    expect(
      await stored(
        `SELECT s.id, s.url, o.website FROM service s JOIN organization o ON o.id = s.organization_id ORDER BY s.id`,
      ),
    ).to.deep.equal([
      { id: 's1', url: null, website: null },
      // A bare host, as real feeds write them, becomes a working link.
      { id: 's2', url: 'https://kateartereft.com', website: 'mailto:tea@example.org' },
    ]);
  });

  it('activities spreadsheet: the row, through the import command as a steward runs it', async () => {
    await runImport(createStores(db), path.join(projectRoot, 'seed-data/places'), { format: 'places' });
    const file = path.join(dir, 'activities.csv');
    await writeFile(
      file,
      [
        'organisation,activity,postcode,online,website',
        `Good Group,Online Quiz,BS5 6JH,yes,${HOSTILE}`,
        'Good Group,Walk,BS5 6JH,,https://walk.example.org',
      ].join('\n'),
    );
    const run = await runCommand('src/importer/cli.ts', [file, '--format', 'csv'], {
      DATABASE_URL: await testDatabaseUrl(),
    });
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.contain('imported 2, updated 0, unchanged 0, rejected 0');
    const warnings = run.output.split('\n').filter((line) => line.startsWith('warning '));
    expect(warnings).to.have.length(2);
    for (const line of warnings)
      expect(line).to.match(
        /activities\.csv row 2 \(id [^)]+\): (url|location "[^"]+" url): "javascript:alert\(document\.cookie\)" is not a web address/,
      );
    expect(await stored(`SELECT name, url FROM service ORDER BY name`)).to.deep.equal([
      { name: 'Online Quiz', url: null },
      { name: 'Walk', url: 'https://walk.example.org' },
    ]);
  });

  it('the real Bristol feed: no stored link that is not http(s), mailto or tel', async function () {
    requireSharedData(this, [BRISTOL]);
    await runImport(createStores(db), BRISTOL, { format: 'oruk-v1', now: NOW });
    const [bad] = await stored(
      `SELECT (SELECT count(*)::int FROM service WHERE url !~* '^(https?://|mailto:|tel:)')
            + (SELECT count(*)::int FROM organization WHERE website !~* '^(https?://|mailto:|tel:)') AS n`,
    );
    expect(bad.n).to.equal(0);
    const [fixed] = await stored(
      `SELECT count(*)::int AS n FROM service WHERE url = 'https://kateartereft.com'`,
    );
    expect(fixed.n).to.equal(1);
  });
});
