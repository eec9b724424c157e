// A schedule that runs past midnight (opens 22:00, closes 01:00) imports, and its sessions end the next day.
import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';

const NOW = new Date('2026-12-01T08:00:00Z');

describe('HSDS import of a schedule crossing midnight (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
  });
  beforeEach(async () => resetData(db));

  it('imports 22:00 to 01:00 and expands each session to 01:00 the next day', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'overnight-'));
    const file = path.join(dir, 'late.json');
    await writeFile(
      file,
      JSON.stringify([
        service({
          id: 'late',
          name: 'Late Night Listening Line Drop-in',
          at: EASTON,
          schedules: [{ id: 'fri-late', freq: 'WEEKLY', byday: 'FR', opens_at: '22:00', closes_at: '01:00' }],
        }),
      ]),
    );
    const report = await runImport(createStores(db), file, { now: NOW });
    expect(report.rejections).to.deep.equal([]);
    expect(summaryLine(report)).to.equal('imported 1, updated 0, unchanged 0, rejected 0');

    const [schedule] = (await db.query(
      `SELECT to_char(opens_at, 'HH24:MI') AS opens, to_char(closes_at, 'HH24:MI') AS closes FROM schedule`,
    )) as { opens: string; closes: string }[];
    expect(schedule).to.deep.equal({ opens: '22:00', closes: '01:00' });

    const sessions = (await db.query(
      `SELECT to_char(starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') AS starts,
              to_char(ends_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') AS ends,
              iso_dow, start_minute, end_minute
         FROM session_occurrence ORDER BY starts_at LIMIT 2`,
    )) as { starts: string; ends: string; iso_dow: number; start_minute: number; end_minute: number }[];
    expect(sessions).to.deep.equal([
      {
        starts: '2026-12-04 22:00',
        ends: '2026-12-05 01:00',
        iso_dow: 5,
        start_minute: 1320,
        end_minute: 60,
      },
      {
        starts: '2026-12-11 22:00',
        ends: '2026-12-12 01:00',
        iso_dow: 5,
        start_minute: 1320,
        end_minute: 60,
      },
    ]);
  });

  it('still refuses a schedule that closes at the time it opens', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'overnight-'));
    const file = path.join(dir, 'same.json');
    await writeFile(
      file,
      JSON.stringify([
        service({
          id: 'same',
          name: 'Zero Length Club',
          at: EASTON,
          schedules: [
            { id: 'same-time', freq: 'WEEKLY', byday: 'FR', opens_at: '22:00', closes_at: '22:00' },
          ],
        }),
      ]),
    );
    const report = await runImport(createStores(db), file, { now: NOW });
    expect(summaryLine(report)).to.equal('imported 0, updated 0, unchanged 0, rejected 1');
    expect(report.rejections[0].reasons.join('; ')).to.match(
      /Closes at 22:00, which is not after it opens at 22:00/,
    );
  });
});
