// The same activity from two sources becomes one listing that knows both (real Postgres and app): a certain pair is
// merged by the import, a near pair waits for a steward who merges it or keeps it apart, a merged pair can be split,
// a re-import or a feed bringing the listing back keeps the merge, and the group's own listing is the one kept.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createStores, type Stores } from '../../src/db/stores.js';
import { runImport } from '../../src/importer/run-import.js';
import { publishListing } from '../../src/services/listing-publisher.js';
import { csrfFrom, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FIRST = new Date('2026-11-20T09:00:00Z');
const SECOND = new Date('2026-11-27T09:00:00Z');
/** About a kilometre north of Easton, in the same postcode district. */
const NORTH = { latitude: EASTON.latitude + 0.009, longitude: EASTON.longitude, postcode: 'BS5 0ZZ' };

async function writeJson(name: string, value: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'merge-'));
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('merging the same activity from two sources (real Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let stores: Stores;
  let app: Express;

  const status = async (id: string) =>
    ((await db.query(`SELECT status FROM service WHERE id = $1`, [id])) as { status: string }[])[0]?.status;
  const searchIds = async () =>
    (
      (await db.query(`SELECT DISTINCT service_id FROM search_entry ORDER BY 1`)) as { service_id: string }[]
    ).map((r) => r.service_id);
  const merges = async () =>
    (await db.query(
      `SELECT kept_service_id AS kept, merged_service_id AS merged, status, verdict, decided_by, source_status
       FROM listing_merge ORDER BY id`,
    )) as Json[];
  const apiIds = async () =>
    ((await request(app).get('/api/services?per_page=50').expect(200)).body.contents as Json[])
      .map((s) => s.id as string)
      .sort();
  const searchPage = async (q: string) =>
    cheerio
      .load(
        (
          await request(app)
            .get(`/search?q=${encodeURIComponent(q)}`)
            .expect(200)
        ).text,
      )('li.result')
      .map((_, li) => cheerio.load(li)('li').attr('data-activity-id'))
      .get() as string[];

  /** The council's feed and a walking network's list, both describing one walking group in Easton. */
  async function importBoth(options: { councilAssured?: string; networkAssured?: string } = {}) {
    const council = await writeJson('council.json', [
      service({
        id: 'council-walk',
        name: 'Easton Health Walk',
        at: EASTON,
        assured: options.councilAssured ?? '2026-10-01',
      }),
    ]);
    const network = await writeJson('network.json', [
      service({
        id: 'network-walk',
        name: 'Easton Health Walk',
        at: EASTON,
        assured: options.networkAssured ?? '2026-11-15',
      }),
    ]);
    const first = await runImport(stores, council, { now: FIRST, sourceName: 'Council Directory' });
    const second = await runImport(stores, network, { now: SECOND, sourceName: 'Walking Network' });
    return { council, network, first, second };
  }

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
  });
  beforeEach(async () => {
    await resetData(db);
    await resetAccounts(db);
    app = buildApp(db);
  });

  it('a certain pair is merged: one listing in search and the API, both sources on its page, the other redirects', async () => {
    const { first, second } = await importBoth();
    expect(first.details).to.include(
      '0 merged with a listing from another source, 0 possible duplicates wait for a steward',
    );
    expect(second.details).to.include(
      '1 merged with a listing from another source, 0 possible duplicates wait for a steward',
    );
    // The network's listing was reviewed more recently: it is kept.
    expect(await merges()).to.deep.equal([
      {
        kept: 'network-walk',
        merged: 'council-walk',
        status: 'merged',
        verdict: 'certain',
        decided_by: 'automatic',
        source_status: 'active',
      },
    ]);
    expect(await status('council-walk')).to.equal('inactive');
    expect(await searchIds()).to.deep.equal(['network-walk']);
    expect(await searchPage('Easton Health Walk')).to.deep.equal(['network-walk']);
    expect(await apiIds()).to.deep.equal(['network-walk']);
    await request(app).get('/api/services/council-walk').expect(404);
    // The kept service's metadata names both sources, and the council's own id for the walk.
    const metadata = (await request(app).get('/api/services/network-walk').expect(200)).body
      .metadata as Json[];
    expect([...new Set(metadata.map((m) => m.updated_by))].sort()).to.deep.equal([
      'Council Directory',
      'Walking Network',
    ]);
    expect(
      metadata
        .filter((m) => m.field_name === 'source_id')
        .map((m) => m.replacement_value)
        .sort(),
    ).to.deep.equal(['council-walk', 'network-walk']);

    const page = text((await request(app).get('/activities/network-walk').expect(200)).text);
    expect(page).to.include('From Walking Network');
    expect(page).to.include('From Council Directory');
    await request(app)
      .get('/activities/council-walk')
      .expect(302)
      .expect('Location', '/activities/network-walk');

    const audit = (await db.query(
      `SELECT actor, action, entity_id FROM audit_log WHERE action = 'merge-listings'`,
    )) as Json[];
    expect(audit).to.deep.equal([
      { actor: 'import: Walking Network', action: 'merge-listings', entity_id: 'council-walk' },
    ]);
  });

  it('re-importing the merged source, or a feed bringing it back, keeps the merge', async () => {
    const { council } = await importBoth();
    // The council changes its record: it is written again, and stays merged (its new status kept for a split).
    await writeFile(
      council,
      JSON.stringify([
        service({
          id: 'council-walk',
          name: 'Easton Health Walk',
          at: EASTON,
          assured: '2026-10-01',
          description: 'Now meets at the library.',
          status: 'temporarily closed',
        }),
      ]),
    );
    const again = await runImport(stores, council, {
      now: new Date('2026-12-01T09:00:00Z'),
      sourceName: 'Council Directory',
    });
    expect(again.updated).to.equal(1);
    expect(again.details).to.include(
      '0 merged with a listing from another source, 0 possible duplicates wait for a steward',
    );
    expect(await status('council-walk')).to.equal('inactive');
    expect((await merges())[0]).to.include({ status: 'merged', source_status: 'temporarily closed' });
    expect(await searchIds()).to.deep.equal(['network-walk']);
    expect(await apiIds()).to.deep.equal(['network-walk']);

    // A feed sync bringing a withdrawn listing back sets its status directly: still merged.
    await stores.services.setServiceStatus('council-walk', 'active');
    expect(await status('council-walk')).to.equal('inactive');
    expect((await merges())[0]).to.include({ status: 'merged', source_status: 'active' });
    await request(app).get('/activities/council-walk').expect(302);
  });

  it('the group’s own listing is kept, even when the feed’s was reviewed more recently', async () => {
    await publishListing(
      stores,
      service({ id: 'group-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-06-01' }),
      FIRST,
    );
    const feed = await writeJson('feed.json', [
      service({ id: 'feed-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-11-25' }),
    ]);
    const report = await runImport(stores, feed, { now: SECOND, sourceName: 'Bristol Feed' });
    expect(report.details).to.include(
      '1 merged with a listing from another source, 0 possible duplicates wait for a steward',
    );
    expect((await merges()).map((m) => [m.kept, m.merged, m.status])).to.deep.equal([
      ['group-walk', 'feed-walk', 'merged'],
    ]);
    const page = text((await request(app).get('/activities/group-walk').expect(200)).text);
    expect(page).to.include('Listed by the group itself');
    expect(page).to.include('From Bristol Feed');
    expect(await apiIds()).to.deep.equal(['group-walk']);
  });

  it('a group publishing its own listing of an activity a feed already lists: merged then, the group’s kept', async () => {
    const feed = await writeJson('feed.json', [
      service({ id: 'feed-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-11-25' }),
    ]);
    await runImport(stores, feed, { now: FIRST, sourceName: 'Bristol Feed' });
    expect(await merges()).to.deep.equal([]);
    await publishListing(
      stores,
      service({ id: 'group-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-06-01' }),
      SECOND,
    );
    expect((await merges()).map((m) => [m.kept, m.merged, m.status])).to.deep.equal([
      ['group-walk', 'feed-walk', 'merged'],
    ]);
    expect(await apiIds()).to.deep.equal(['group-walk']);
    const audit = (await db.query(`SELECT actor FROM audit_log WHERE action = 'merge-listings'`)) as Json[];
    expect(audit).to.deep.equal([{ actor: 'published by the group' }]);
  });

  it('listings of one source are never merged, and different activities at one venue are left alone', async () => {
    const file = await writeJson('one.json', [
      service({ id: 'walk-a', name: 'Easton Health Walk', at: EASTON }),
      service({ id: 'walk-b', name: 'Easton Health Walk', at: EASTON }),
    ]);
    await runImport(stores, file, { now: FIRST, sourceName: 'One Directory' });
    const other = await writeJson('other.json', [
      service({ id: 'knit-c', name: 'Knit and Natter', at: EASTON }),
    ]);
    const report = await runImport(stores, other, { now: SECOND, sourceName: 'Other Directory' });
    expect(report.details).to.include(
      '0 merged with a listing from another source, 0 possible duplicates wait for a steward',
    );
    expect(await merges()).to.deep.equal([]);
    expect(await apiIds()).to.deep.equal(['knit-c', 'walk-a', 'walk-b']);
  });

  describe('a near pair waits for a steward', () => {
    let steward: Agent;

    /** The same walk a kilometre apart: high enough to merge, held back because the venues differ. */
    async function importNearPair() {
      const council = await writeJson('council.json', [
        service({ id: 'council-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-10-01' }),
      ]);
      const network = await writeJson('network.json', [
        service({ id: 'network-walk', name: 'Easton Health Walk', at: NORTH, assured: '2026-11-15' }),
      ]);
      await runImport(stores, council, { now: FIRST, sourceName: 'Council Directory' });
      const report = await runImport(stores, network, { now: SECOND, sourceName: 'Walking Network' });
      return { council, report };
    }

    beforeEach(async () => {
      ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
    });

    it('listed with its reasons in words; "Same activity: merge" merges it, and it can be split again', async () => {
      const { report } = await importNearPair();
      expect(report.details).to.include(
        '0 merged with a listing from another source, 1 possible duplicate waits for a steward',
      );
      expect(await apiIds()).to.deep.equal(['council-walk', 'network-walk']);
      const [waiting] = (await db.query(`SELECT id::text, status, held FROM listing_merge`)) as Json[];
      expect(waiting).to.include({ status: 'waiting', held: 'the venues are not the same place' });

      const list = cheerio.load((await steward.get('/steward/duplicates').expect(200)).text);
      const link = list(`[data-pair=${waiting.id}] a`);
      expect(link.text().replace(/\s+/g, ' ').trim()).to.equal('Easton Health Walk and Easton Health Walk');
      const pairHtml = (await steward.get(link.attr('href')!).expect(200)).text;
      const pair = cheerio.load(pairHtml);
      const reasons = pair('[data-reason]')
        .map((_, r) => pair(r).text().replace(/\s+/g, ' ').trim())
        .get();
      expect(
        reasons.some((r) => /^Agree: .*name/i.test(r)),
        reasons.join(' | '),
      ).to.equal(true);
      expect(
        reasons.some((r) => /^Partly agree: /.test(r)),
        reasons.join(' | '),
      ).to.equal(true);
      expect(
        pair('main button')
          .map((_, b) => pair(b).text().trim())
          .get(),
      ).to.deep.equal(['Same activity: merge', 'Different activities: keep apart']);
      // Listing A is the one a merge would keep: the network's, reviewed more recently.
      expect(pair('[data-field=where] [data-kept]').text()).to.include('BS5 0ZZ');
      expect(pair('[data-field=where] [data-merged]').text()).to.include('BS5 6XX');
      expect(pair('[data-field=name] [data-same]').text()).to.include('Easton Health Walk');

      await steward
        .post(`/steward/duplicates/${waiting.id}/merge`)
        .type('form')
        .send({ _csrf: csrfFrom(pairHtml) })
        .expect(302)
        .expect('Location', '/steward/duplicates');
      expect((await merges()).map((m) => [m.kept, m.merged, m.status, m.decided_by])).to.deep.equal([
        ['network-walk', 'council-walk', 'merged', 'sam@example.org'],
      ]);
      expect(await apiIds()).to.deep.equal(['network-walk']);
      expect(await searchIds()).to.deep.equal(['network-walk']);
      const empty = cheerio.load((await steward.get('/steward/duplicates').expect(200)).text);
      expect(empty('[data-pairs]').text()).to.include('No possible duplicates wait');

      // Split from the merged list: both listed again, the merged one with the status it had.
      const merged = cheerio.load((await steward.get('/steward/duplicates/merged').expect(200)).text);
      const mergedHref = merged(`[data-pair=${waiting.id}] a`).attr('href')!;
      const splitPage = (await steward.get(mergedHref).expect(200)).text;
      expect(cheerio.load(splitPage)('main button').text()).to.include('Different activities: split');
      await steward
        .post(`/steward/duplicates/${waiting.id}/split`)
        .type('form')
        .send({ _csrf: csrfFrom(splitPage) })
        .expect(302);
      expect((await merges())[0]).to.include({ status: 'split' });
      expect(await status('council-walk')).to.equal('active');
      expect(await apiIds()).to.deep.equal(['council-walk', 'network-walk']);
      expect(await searchIds()).to.deep.equal(['council-walk', 'network-walk']);
      await request(app).get('/activities/council-walk').expect(200);
      const own = text((await request(app).get('/activities/network-walk').expect(200)).text);
      expect(own).not.to.include('From Council Directory');

      const audit = (await db.query(
        `SELECT actor, action, entity_id FROM audit_log WHERE entity = 'service' ORDER BY id`,
      )) as Json[];
      expect(audit).to.deep.equal([
        { actor: 'sam@example.org', action: 'merge-listings', entity_id: 'council-walk' },
        { actor: 'sam@example.org', action: 'split-listings', entity_id: 'council-walk' },
      ]);
    });

    it('a waiting pair stops waiting when one of the two is merged into another listing meanwhile', async () => {
      await importNearPair();
      const [waiting] = (await db.query(`SELECT id::text FROM listing_merge`)) as Json[];
      const pairHtml = (await steward.get(`/steward/duplicates/${waiting.id}`).expect(200)).text;
      // A third source gives the council's walk at the same venue: certain, merged by the import.
      const third = await writeJson('third.json', [
        service({ id: 'third-walk', name: 'Easton Health Walk', at: EASTON, assured: '2026-11-20' }),
      ]);
      const report = await runImport(stores, third, { now: SECOND, sourceName: 'Third Directory' });
      // ... and the network's walk, a kilometre away, waits beside the third's in a pair of its own.
      expect(report.details).to.include(
        '1 merged with a listing from another source, 1 possible duplicate waits for a steward',
      );
      const list = cheerio.load((await steward.get('/steward/duplicates').expect(200)).text);
      expect(list(`[data-pair=${waiting.id}]`)).to.have.length(0);

      // The steward's open page still offers the merge: it is refused in words, not with an error.
      const refused = await steward
        .post(`/steward/duplicates/${waiting.id}/merge`)
        .type('form')
        .send({ _csrf: csrfFrom(pairHtml) })
        .expect(302)
        .expect('Location', '/steward/duplicates');
      const next = (await steward.get(refused.headers.location as string).expect(200)).text;
      expect(text(next)).to.include(
        'Not merged: one of these listings has since been merged with another listing',
      );
      expect(list('[data-pair]')).to.have.length(1);
      expect((await merges()).map((m) => [m.kept, m.merged, m.status])).to.deep.equal([
        ['network-walk', 'council-walk', 'waiting'],
        ['third-walk', 'council-walk', 'merged'],
        ['third-walk', 'network-walk', 'waiting'],
      ]);
    });

    it('"Different activities: keep apart" keeps both listed, and a re-import does not suggest them again', async () => {
      const { council } = await importNearPair();
      const [waiting] = (await db.query(`SELECT id::text FROM listing_merge`)) as Json[];
      const pairHtml = (await steward.get(`/steward/duplicates/${waiting.id}`).expect(200)).text;
      await steward
        .post(`/steward/duplicates/${waiting.id}/keep-apart`)
        .type('form')
        .send({ _csrf: csrfFrom(pairHtml) })
        .expect(302);
      expect((await merges()).map((m) => [m.status, m.decided_by])).to.deep.equal([
        ['kept-apart', 'sam@example.org'],
      ]);
      expect(await apiIds()).to.deep.equal(['council-walk', 'network-walk']);
      // Deciding again finds it decided.
      const again = await steward
        .post(`/steward/duplicates/${waiting.id}/merge`)
        .type('form')
        .send({ _csrf: csrfFrom(pairHtml) })
        .expect(302);
      expect(again.headers.location).to.equal('/steward/duplicates');
      expect((await merges()).map((m) => m.status)).to.deep.equal(['kept-apart']);

      await writeFile(
        council,
        JSON.stringify([
          service({
            id: 'council-walk',
            name: 'Easton Health Walk',
            at: EASTON,
            assured: '2026-10-01',
            description: 'Changed.',
          }),
        ]),
      );
      const report = await runImport(stores, council, { now: SECOND, sourceName: 'Council Directory' });
      expect(report.details).to.include(
        '0 merged with a listing from another source, 0 possible duplicates wait for a steward',
      );
      const audit = (await db.query(
        `SELECT actor, action FROM audit_log WHERE entity = 'service' ORDER BY id`,
      )) as Json[];
      expect(audit).to.deep.equal([{ actor: 'sam@example.org', action: 'keep-listings-apart' }]);
    });
  });
});
