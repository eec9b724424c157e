// Crawling a live Open Referral UK 3.0 API: the directory's own API, serving the sample listings and Bristol's real
// council feed over real HTTP
// on loopback, crawled into a second, empty database on the same Postgres server; the copy's API must give the
// same services as the source's, and a second crawl must change nothing.
import { expect } from 'chai';
import type { Server } from 'node:http';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig, projectRoot } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { seedDirectory } from '../../src/importer/seed.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { buildApp, serve } from '../support/app.js';
import { dropDatabase, emptyDatabase, inOrder, orukServices, storedListings } from '../support/crawl.js';
import { resetData, testDatabase } from '../support/database.js';
import { requireSharedData } from '../support/shared-data.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TARGET = 'crawl_target';
const BRISTOL = path.join(loadConfig().sharedDataDir, 'activities/oruk-v1-bristol-services-2024-12.json');

describe('crawl an Open Referral UK 3.0 API (our own, over HTTP) into an empty directory', function () {
  this.timeout(180000);
  let source: DataSource;
  let target: DataSource;
  let sourceServer: Server;
  let targetServer: Server;
  let sourceApi: string;
  let targetApi: string;

  before(async function () {
    requireSharedData(this, [BRISTOL]);
    source = await testDatabase();
    await resetData(source);
    await seedDirectory(createStores(source), path.join(projectRoot, 'seed-data'));
    // And a real council feed: Bristol's Open Referral UK v1 dump (815 services the importer takes).
    const bristol = await runImport(createStores(source), BRISTOL, { format: 'oruk-v1' });
    expect(bristol.changedIds.length).to.be.above(800);
    ({ dataSource: target } = await emptyDatabase(TARGET));
    const served = await serve(buildApp(source));
    sourceServer = served.server;
    sourceApi = `${served.base}/api`;
    const copy = await serve(buildApp(target));
    targetServer = copy.server;
    targetApi = `${copy.base}/api`;
  });

  after(async () => {
    sourceServer?.close();
    targetServer?.close();
    await dropDatabase(target, TARGET);
  });

  it('copies every service, equal field by field; a second crawl changes nothing', async () => {
    const first = await runImport(createStores(target), sourceApi, { format: 'oruk' });
    const given = await orukServices(sourceApi);
    expect(given.size).to.be.above(100);
    expect(first.rejections, JSON.stringify(first.rejections.slice(0, 3))).to.deep.equal([]);
    expect(summaryLine(first)).to.equal(`imported ${given.size}, updated 0, unchanged 0, rejected 0`);

    const copied = await orukServices(targetApi);
    expect([...copied.keys()].sort()).to.deep.equal([...given.keys()].sort());
    // Compared whole: nothing of a service differs between the source and its copy, ids and notes included.
    // All but `metadata`, which says where each copy came from: the source's file there, this feed here.
    const content = ({ metadata: _where, ...rest }: Json = {}) => rest;
    for (const [id, service] of given) expect(content(copied.get(id)), id).to.deep.equal(content(service));
    // The comparison covers every kind of part (so an empty record on both sides could not pass for a copy).
    const all = [...copied.values()];
    for (const part of [
      'service_at_locations',
      'schedules',
      'attributes',
      'cost_options',
      'contacts',
      'phones',
    ])
      expect(all.filter((s) => s[part]?.length).length, part).to.be.above(0);
    // The stored listings too, every row of every table, read back as the exporter reads them (rows in a fixed order:
    // the order children were written in is not content). Left out, because
    // they must differ: cancelled dates (schedule_cancellation), which ORUK 3.0 has no field for and our API does not
    // publish, and so the sessions expanded from the schedules (session_occurrence), which skip cancelled dates.
    const { cancellations, ...sourceRows } = (await createStores(source).listings.readListingBatch(
      null,
      10000,
    ))!;
    const { cancellations: copiedCancellations, ...targetRows } = (await createStores(
      target,
    ).listings.readListingBatch(null, 10000))!;
    expect(cancellations.length).to.be.above(0);
    expect(copiedCancellations).to.deep.equal([]);
    expect(inOrder(targetRows)).to.deep.equal(inOrder(sourceRows));

    const before = await storedListings(target);
    const second = await runImport(createStores(target), sourceApi, { format: 'oruk' });
    expect(summaryLine(second)).to.equal(`imported 0, updated 0, unchanged ${given.size}, rejected 0`);
    expect(await storedListings(target)).to.deep.equal(before);
    console.log(`      ${[...(first.details ?? []), '---', ...(second.details ?? [])].join('\n      ')}`);
  });

  it('a later crawl asks only for what changed (modified_after) and updates it', async () => {
    const [changed] = [...(await orukServices(sourceApi)).keys()].sort();
    await source.query(
      `UPDATE service SET description = 'Now on Thursdays too.', last_modified = now() WHERE id = $1`,
      [changed],
    );
    const total = (await orukServices(sourceApi)).size;
    const report = await runImport(createStores(target), sourceApi, { format: 'oruk' });
    expect(summaryLine(report)).to.equal(`imported 0, updated 1, unchanged ${total - 1}, rejected 0`);
    const details = report.details!.join('\n');
    expect(details).to.match(/asked only for services changed since .* \(modified_after\)/);
    expect(details).to.match(/1 service listed on them, 1 fetched/);
    const copy = (await (await fetch(`${targetApi}/services/${changed}`)).json()) as Json;
    expect(copy.description).to.equal('Now on Thursdays too.');
  });
});
