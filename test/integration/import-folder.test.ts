import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/config.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { runCommand } from '../support/processes.js';
import { createStores } from '../../src/db/stores.js';

const SEED = path.join(projectRoot, 'seed-data');
const NOW = new Date('2026-12-01T08:00:00Z');
// Every mapping kept beside the template: the import must skip each one, whichever are there.
const MAPPINGS = readdirSync(path.join(SEED, 'templates/mappings'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => `seed-data/templates/mappings/${f}`);

describe('importing a folder reads its listings, not the column mappings beside them (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
  });
  beforeEach(async () => resetData(db));

  it('npm run import -- seed-data: no mapping file taken for a listing, and the report says which were skipped', async () => {
    const run = await runCommand('src/importer/cli.ts', ['seed-data'], {
      DATABASE_URL: await testDatabaseUrl(),
    });
    expect(run.code, run.output).to.equal(0);
    expect(run.output).not.to.contain('rejected seed-data');
    expect(run.output).to.match(/imported \d+, updated 0, unchanged 0, rejected 0/);
    expect(MAPPINGS.length).to.be.at.least(2);
    expect(run.output).to.contain(
      `skipped ${MAPPINGS.length} column mapping file(s) for --format csv, not listings: ${MAPPINGS.join(', ')}`,
    );
  });

  it('the same for the Open Referral UK v1 reader; a mapping named on its own is still read, and refused', async () => {
    const folder = await runImport(createStores(db), SEED, { format: 'oruk-v1', now: NOW });
    expect(folder.rejections.filter((r) => r.position.file.includes('mappings'))).to.deep.equal([]);
    expect(folder.details?.[0]).to.match(
      new RegExp(`^skipped ${MAPPINGS.length} column mapping file\\(s\\)`),
    );
    const one = await runImport(
      createStores(db),
      path.join(SEED, 'templates/mappings/trafford-food-banks.json'),
      {
        format: 'hsds',
        now: NOW,
      },
    );
    expect(summaryLine(one)).to.equal('imported 0, updated 0, unchanged 0, rejected 1');
  });
});
