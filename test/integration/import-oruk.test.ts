import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config.js';
import { describePosition } from '../../src/importer/listing.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { resetData, testDatabase } from '../support/database.js';
import { requireSharedData } from '../support/shared-data.js';
import { createStores } from '../../src/db/stores.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const BRISTOL = path.join(loadConfig().sharedDataDir, 'activities/oruk-v1-bristol-services-2024-12.json');

const one = async (db: DataSource, sql: string, params: unknown[] = []) =>
  ((await db.query(sql, params)) as Record<string, unknown>[])[0];

describe('Open Referral UK v1 import (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
  });
  beforeEach(async () => resetData(db));

  it('imports the real Bristol dump: sanitised HTML, the nameless record rejected, organisations de-duplicated', async function () {
    requireSharedData(this, [BRISTOL]);
    const report = await runImport(createStores(db), BRISTOL, { format: 'oruk-v1', now: NOW });
    expect(summaryLine(report)).to.equal('imported 817, updated 0, unchanged 0, rejected 2');
    // No record has times of its own; these state them in their description (bench:described-times judges them).
    expect(report.details).to.include(
      'times taken from the description, for a steward to confirm: 150 listings (309 schedules); confirmed before: 0; rejected before: 0',
    );
    const proposed = await one(
      db,
      `SELECT count(DISTINCT service_id)::int AS n FROM schedule WHERE from_description IS NOT NULL`,
    );
    expect(proposed.n).to.equal(150);
    // The feed reuses one id for two different services: the second is reported, not silently merged.
    expect(report.rejections[1].position.index + 1).to.equal(811);
    expect(report.rejections[1].reasons).to.deep.equal([
      'id: "2af617e5-4532-bebe-1036-ffdf2e93ce55" is already used by ' +
        `${report.rejections[0].position.file} record 374`,
    ]);
    const rejection = report.rejections[0];
    expect(
      `${describePosition(rejection.position)} (id ${rejection.id}): ${rejection.reasons.join('; ')}`,
    ).to.match(
      /oruk-v1-bristol-services-2024-12\.json record 1 \(id def5ccd4-f121-df4d-60d2-4dc0d69ff555\): name: is required$/,
    );

    // 594 organisation ids on named services in the feed, several shared by many services: each stored once.
    const organisations = await one(
      db,
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM organization',
    );
    expect(organisations.n).to.equal(organisations.ids);
    const linked = await one(db, 'SELECT count(DISTINCT organization_id)::int AS n FROM service');
    expect(
      (await one(db, 'SELECT count(*)::int AS n FROM service WHERE organization_id IS NULL')).n,
    ).to.equal(6);
    expect(linked.n).to.equal(organisations.n);
    expect(organisations.n).to.equal(594);

    const unsafe = await one(
      db,
      `SELECT count(*)::int AS n FROM service
       WHERE description ~* '<(script|style|iframe|img|svg|button|input|table|span|h[1-6]|font)\\b' OR description ~* ' on[a-z]+='`,
    );
    expect(unsafe.n).to.equal(0);
    const kept = await one(
      db,
      `SELECT description FROM service WHERE id = '2a3483ea-8966-4f50-9dc3-7bafa1e5c623'`,
    );
    expect(kept.description).to.match(/^<p>1625 Independent People works with young people/);
    expect(kept.description).to.include('<p>Most young people we support');

    const online = (await db.query(
      `SELECT s.id, s.is_online FROM service s WHERE s.id IN (
         SELECT sal.service_id FROM service_at_location sal JOIN location l ON l.id = sal.location_id
         WHERE l.location_type = 'virtual')`,
    )) as { is_online: boolean }[];
    expect(online).to.have.length(4);
    expect(online.every((s) => s.is_online)).to.equal(true);

    const dementia = await one(
      db,
      `SELECT count(*)::int AS n FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id WHERE t.code = 'dementia-friendly'`,
    );
    expect(dementia.n).to.be.at.least(12);

    const again = await runImport(createStores(db), BRISTOL, { format: 'oruk-v1', now: NOW });
    expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 817, rejected 2');
  });

  it('accepts a paged v1 envelope and matches organisations without ids by name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'oruk-'));
    const file = path.join(dir, 'page.json');
    await writeFile(
      file,
      JSON.stringify({
        totalElements: 3,
        totalPages: 1,
        number: 0,
        size: 3,
        first: true,
        last: true,
        content: [
          {
            id: 's1',
            name: 'Walk and Talk',
            description: '<p onclick="x()">Hi<script>alert(1)</script></p>',
            organization: { name: 'The Green Group' },
            attending_type: 'Online',
          },
          { id: 's2', name: 'Seed Swap', organization: { name: 'green group' }, attending_access: 'Drop-in' },
          {
            id: 's3',
            name: 'Tea',
            organization: { id: 'org-9', name: 'Tea Club' },
            pc_targetAudience: [{ id: 'x', audienceType: 'Carers' }],
          },
        ],
      }),
    );
    const report = await runImport(createStores(db), file, { format: 'oruk-v1', now: NOW });
    expect(summaryLine(report)).to.equal('imported 3, updated 0, unchanged 0, rejected 0');
    const orgs = (await db.query('SELECT id, name FROM organization ORDER BY name')) as {
      id: string;
      name: string;
    }[];
    expect(orgs.map((o) => o.name)).to.deep.equal(['Tea Club', 'The Green Group']);
    const s1 = await one(db, `SELECT description, is_online FROM service WHERE id = 's1'`);
    expect(s1).to.deep.equal({ description: '<p>Hi</p>', is_online: true });
    const s2 = await one(db, `SELECT application_process, organization_id FROM service WHERE id = 's2'`);
    expect(s2.application_process).to.equal('Drop-in');
    expect(s2.organization_id).to.equal(orgs[1].id);
  });
});
