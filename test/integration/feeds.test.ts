// Registered feeds on the real Postgres, with real feeds over loopback: a second directory (its own database on the
// test server) serves its listings through its Open Referral UK 3.0 API; a steward registers it at /steward/feeds;
// the feed-sync job syncs it when due; a listing the source stops giving is withdrawn after two missed syncs, with
// its reason shown to the steward, and comes back when the source gives it again; a feed answering 500 records a
// failed outcome and withdraws nothing; a v1 document is fetched by its address; and the command adds, lists, syncs.
import { expect } from 'chai';
import type { Express } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import type { TimedJob } from '../../src/jobs/job-queue.js';
import { createFeeds } from '../../src/services/feeds.js';
import { csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp, serve } from '../support/app.js';
import { dropDatabase, emptyDatabase } from '../support/crawl.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { EASTON, service } from '../support/fixtures.js';
import { serverJobs } from '../support/jobs.js';
import { runCommand } from '../support/processes.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';

const SOURCE = 'feeds_source';
const FEED_NAME = 'Bristol Community Directory';

describe('registered feeds: synced on schedule, withdrawn after two missed syncs (real Postgres, feeds over HTTP)', function () {
  this.timeout(240000);
  let db: DataSource;
  let source: DataSource;
  let app: Express;
  let steward: Agent;
  let sourceServer: Server;
  let sourceApi: string;
  let feedSync: TimedJob;
  const servers: Server[] = [];

  const statusOf = async (id: string) =>
    ((await db.query('SELECT status FROM service WHERE id = $1', [id])) as { status: string }[])[0]?.status;
  const runJob = () =>
    feedSync.run(new AbortController().signal) as Promise<{ synced: number; failed: number }>;
  const page = async (url: string) => {
    const res = await steward.get(url);
    expect(res.status, `GET ${url}`).to.equal(200);
    return res.text;
  };
  const post = async (url: string, fields: Record<string, string>, formPage: string) =>
    steward
      .post(url)
      .type('form')
      .send({ _csrf: await csrfToken(steward, formPage), ...fields });

  /** A server that answers every request with this handler, on a free loopback port. */
  const loopback = async (handler: Parameters<typeof createServer>[1]) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  before(async () => {
    ({ dataSource: source } = await emptyDatabase(SOURCE));
    await importListings(
      createStores(source),
      convertHsdsDocument(
        [
          service({ id: 'feed-walk', name: 'Riverside Walking Group', at: EASTON }),
          service({ id: 'feed-choir', name: 'Easton Community Choir', at: EASTON }),
          service({ id: 'feed-knit', name: 'Knit and Natter', at: EASTON }),
        ],
        'feed-source',
      ),
      { source: 'test' },
    );
    ({ server: sourceServer, base: sourceApi } = await serve(buildApp(source)));
    sourceApi = `${sourceApi}/api`;

    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await db.query('TRUNCATE feed, crawl_feed, crawl_page, crawl_service CASCADE');
    app = buildApp(db);
    ({ agent: steward } = await signedInAgent(app, db, { email: 'feeds@example.org', role: 'steward' }));
    feedSync = (await serverJobs(db)).find((job) => job.name === 'feed-sync')!;
    expect(feedSync, 'the feed-sync job').to.not.equal(undefined);
  });

  after(async () => {
    sourceServer?.close();
    for (const server of servers) server.close();
    await dropDatabase(source, SOURCE);
  });

  let feedId = '';

  it('a steward adds a feed; bad input is refused with each problem and keeps what was typed', async () => {
    // The way in: the review queue links to the feeds.
    expect(await page('/steward')).to.contain("href='/steward/feeds'");
    const refused = await post(
      '/steward/feeds/new',
      { name: '', url: 'not an address', format: '', covers: '', every: '24' },
      '/steward/feeds/new',
    );
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain('There is a problem');
    expect(refused.text).to.contain('Enter the name of the feed, as people should see it');
    expect(refused.text).to.contain('Enter the full address of the feed, starting with https:// or http://');
    expect(refused.text).to.contain('Select the kind of feed');
    expect(refused.text).to.contain("value='not an address'");

    const added = await post(
      '/steward/feeds/new',
      { name: FEED_NAME, url: `${sourceApi}/`, format: 'oruk', covers: '', every: '6' },
      '/steward/feeds/new',
    );
    expect(added.status).to.equal(302);
    feedId = /\/steward\/feeds\/(\d+)$/.exec(added.headers.location)![1];
    const list = await page('/steward/feeds');
    expect(list).to.contain(FEED_NAME);
    expect(list).to.contain('Not yet synced');

    // The same address twice is refused, naming the feed that has it.
    const twice = await post(
      '/steward/feeds/new',
      { name: 'Again', url: sourceApi, format: 'oruk', covers: '', every: '24' },
      '/steward/feeds/new',
    );
    expect(twice.status).to.equal(400);
    expect(twice.text).to.contain(`This address is already registered, as ${FEED_NAME}`);
  });

  it('the scheduled job syncs the feed when due, once, and records its outcome', async () => {
    expect(await runJob()).to.deep.equal({ synced: 1, failed: 0 });
    for (const id of ['feed-walk', 'feed-choir', 'feed-knit'])
      expect(await statusOf(id), id).to.equal('active');
    const shown = await page(`/steward/feeds/${feedId}`);
    expect(shown).to.contain('Synced');
    expect(shown).to.contain('imported 3, updated 0, unchanged 0, rejected 0');
    expect(await page('/steward/feeds')).to.contain('imported 3, updated 0, unchanged 0, rejected 0');
    // Not due again for 6 hours: the next run has nothing to do.
    expect(await runJob()).to.deep.equal({ synced: 0, failed: 0 });
    const [feed] = (await db.query(
      `SELECT next_due_at - last_started_at AS every, running_since FROM feed WHERE id = $1`,
      [feedId],
    )) as { every: { hours: number }; running_since: Date | null }[];
    expect(feed.every.hours).to.equal(6);
    expect(feed.running_since).to.equal(null);
  });

  it('a listing the feed stops giving is still listed after one sync, withdrawn after two, and comes back', async () => {
    // Nothing changed lately, so the incremental crawl (modified_after) lists nothing: what is missing is known from
    // the whole list, read ids only. Then the source closes one: its API no longer lists it.
    await source.query(`UPDATE service SET last_modified = now() - interval '2 days'`);
    await source.query(`UPDATE service SET status = 'inactive' WHERE id = 'feed-choir'`);
    const syncNow = async () => {
      const res = await post(`/steward/feeds/${feedId}/sync`, {}, `/steward/feeds/${feedId}`);
      expect(res.status).to.equal(302);
      // Queued, not run in the request.
      expect(await page(`/steward/feeds/${feedId}`)).to.contain('Sync queued');
      expect(await runJob()).to.deep.equal({ synced: 1, failed: 0 });
    };

    await syncNow();
    expect(await statusOf('feed-choir'), 'after one missed sync').to.equal('active');
    expect(await statusOf('feed-walk')).to.equal('active');
    const crawl = (await db.query(`SELECT run_since FROM crawl_feed`)) as { run_since: Date | null }[];
    expect(crawl, 'the crawl finished').to.deep.equal([{ run_since: null }]);
    const once = await page(`/steward/feeds/${feedId}`);
    expect(once).to.contain('Missing from the last sync');
    expect(once).to.match(/data-missing[\s\S]*Easton Community Choir/);

    await syncNow();
    expect(await statusOf('feed-choir'), 'after two missed syncs').to.equal('inactive');
    expect(await statusOf('feed-walk')).to.equal('active');
    const today = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    }).format(new Date());
    const reason = `No longer in ${FEED_NAME} since ${today} (2 syncs)`;
    const twice = await page(`/steward/feeds/${feedId}`);
    expect(twice).to.contain('Synced: 1 listing withdrawn');
    expect(twice.slice(twice.indexOf('data-withdrawn'))).to.contain(`Easton Community Choir</a>: ${reason}`);
    const audit = await page('/steward/audit?entity=service&id=feed-choir');
    expect(audit).to.contain('Withdrawn from feed');
    expect(audit).to.contain(reason);
    // Taken off the directory as closing does: the API no longer serves it.
    const { server, base } = await serve(app);
    servers.push(server);
    expect((await fetch(`${base}/api/services/feed-choir`)).status).to.equal(404);
    expect((await fetch(`${base}/api/services/feed-walk`)).status).to.equal(200);
    // A third missed sync withdraws nothing more and keeps the reason.
    await syncNow();
    expect(await page(`/steward/feeds/${feedId}`)).to.contain(reason);

    // The source lists it again: it comes back as the feed gives it, and the reason goes.
    await source.query(`UPDATE service SET status = 'active' WHERE id = 'feed-choir'`);
    await syncNow();
    expect(await statusOf('feed-choir'), 'back in the feed').to.equal('active');
    const back = await page(`/steward/feeds/${feedId}`);
    expect(back).to.contain('Synced: 1 listing back in the feed');
    expect(back).not.to.contain(reason);
    expect(back).to.match(/data-withdrawn>None\./);
    expect(await page('/steward/audit?entity=service&id=feed-choir')).to.contain('Back in feed');
  });

  it('a feed that answers 500 records a failed outcome and withdraws nothing', async () => {
    let failing = false;
    // The same source through a relay that can be made to fail.
    const relay = await loopback(async (req, res) => {
      if (failing) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"database error"}');
        return;
      }
      const answer = await fetch(`${sourceApi.replace(/\/api$/, '')}${req.url}`);
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    const feeds = createFeeds(createStores(db));
    const added = await feeds.add(null, {
      name: 'Relayed Directory',
      url: `${relay}/api`,
      format: 'oruk',
      covers: [],
      everyHours: 24,
    });
    if (!added.ok) throw new Error(JSON.stringify(added.errors));
    expect((await feeds.syncNow(added.feed.id))?.outcome).to.equal('succeeded');

    failing = true;
    for (let sync = 1; sync <= 2; sync++) {
      await feeds.requestSync(null, (await feeds.find(added.feed.id))!);
      expect(await runJob()).to.deep.equal({ synced: 1, failed: 1 });
    }
    for (const id of ['feed-walk', 'feed-choir', 'feed-knit'])
      expect(await statusOf(id), id).to.equal('active');
    const shown = await page(`/steward/feeds/${added.feed.id}`);
    expect(shown).to.contain('Failed');
    expect(shown).to.match(/500 Internal Server Error/);
    expect(shown).to.contain('Nothing was withdrawn');
    const [row] = (await db.query(
      `SELECT max(missed_syncs)::int AS missed, count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
         FROM feed_listing WHERE feed_id = $1`,
      [added.feed.id],
    )) as { missed: number; withdrawn: number }[];
    expect(row).to.deep.equal({ missed: 0, withdrawn: 0 });
    // Retried at its next due time: a day after the failed run started.
    const [due] = (await db.query(`SELECT next_due_at - last_started_at AS every FROM feed WHERE id = $1`, [
      added.feed.id,
    ])) as { every: { days?: number; hours?: number } }[];
    expect(due.every.hours ?? due.every.days! * 24).to.equal(24);
  });

  it('an Open Referral UK v1 document is fetched by its address and imported with the v1 importer', async () => {
    const document = [
      {
        id: 'v1-bowls',
        name: 'Lawn Bowls Taster',
        description: 'Try bowls on Saturday mornings.',
        organization: { id: 'v1-club', name: 'Bowls Club' },
      },
      {
        id: 'v1-chess',
        name: 'Chess Club',
        description: 'Chess for all ages.',
        organization: { id: 'v1-club', name: 'Bowls Club' },
      },
    ];
    let served = document;
    const v1 = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
    });
    const feeds = createFeeds(createStores(db));
    const added = await feeds.add(null, {
      name: 'Old Council Feed',
      url: `${v1}/services.json`,
      format: 'oruk-v1',
      covers: [],
      everyHours: 168,
    });
    if (!added.ok) throw new Error(JSON.stringify(added.errors));
    const first = await feeds.syncNow(added.feed.id);
    expect(first?.summary).to.equal('imported 2, updated 0, unchanged 0, rejected 0');
    served = [document[0]];
    await feeds.syncNow(added.feed.id);
    await feeds.syncNow(added.feed.id);
    expect(await statusOf('v1-chess')).to.equal('inactive');
    expect(await statusOf('v1-bowls')).to.equal('active');
    // Its source is the feed's address, the same on every sync: not the temporary copy each sync reads.
    expect(
      await db.query(`SELECT kind, name, address FROM listing_source WHERE service_id = 'v1-bowls'`),
    ).to.deep.equal([{ kind: 'feed', name: 'Old Council Feed', address: `${v1}/services.json` }]);

    // The same document by its address on the command line's path (npm run import -- <URL> --format oruk-v1).
    served = [{ ...document[1], id: 'v1-chess-2' }];
    const report = await runImport(createStores(db), `${v1}/other.json`, { format: 'oruk-v1' });
    expect(summaryLine(report)).to.equal('imported 1, updated 0, unchanged 0, rejected 0');
    expect(
      await db.query(`SELECT kind, address FROM listing_source WHERE service_id = 'v1-chess-2'`),
    ).to.deep.equal([{ kind: 'feed', address: `${v1}/other.json` }]);
  });

  it('a steward changes, pauses, resumes and removes a feed; removing keeps its listings', async () => {
    const edit = `/steward/feeds/${feedId}/edit`;
    expect(await page(edit)).to.contain(`value='${sourceApi}'`);
    const bad = await post(
      edit,
      { name: FEED_NAME, url: sourceApi, format: 'oruk', covers: '', every: '5' },
      edit,
    );
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('Select how often to sync the feed');
    const saved = await post(
      edit,
      { name: 'Bristol Directory', url: sourceApi, format: 'oruk', covers: '', every: '24' },
      edit,
    );
    expect(saved.status).to.equal(302);
    expect(await page(`/steward/feeds/${feedId}`)).to.contain('Every day');

    // Paused, a feed past its due time is not synced; resumed, it is.
    const feedPage = `/steward/feeds/${feedId}`;
    expect((await post(`${feedPage}/pause`, {}, feedPage)).status).to.equal(302);
    await db.query(`UPDATE feed SET next_due_at = now() - interval '1 minute' WHERE id = $1`, [feedId]);
    expect(await runJob()).to.deep.equal({ synced: 0, failed: 0 });
    expect(await page('/steward/feeds')).to.contain('Paused');
    expect((await post(`${feedPage}/resume`, {}, feedPage)).status).to.equal(302);
    expect(await runJob()).to.deep.equal({ synced: 1, failed: 0 });

    expect(await page(`${feedPage}/remove`)).to.contain('The listings it gave stay in the directory');
    expect((await post(`${feedPage}/remove`, {}, `${feedPage}/remove`)).status).to.equal(302);
    expect((await steward.get(feedPage)).status).to.equal(404);
    expect(await statusOf('feed-walk')).to.equal('active');
    expect(await page('/steward/audit?entity=feed')).to.contain('Remove feed');
  });

  it('npm run feeds adds, lists, syncs and removes a feed', async () => {
    await db.query(`DELETE FROM feed`);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'directory-feeds-'));
    const env = { DATABASE_URL: await testDatabaseUrl(), DATA_DIR: dataDir };
    try {
      const add = await runCommand(
        'src/cli/feeds.ts',
        ['add', sourceApi, '--name', FEED_NAME, '--format', 'oruk', '--every', '12'],
        env,
      );
      expect(add.code, add.output).to.equal(0);
      const id = /added feed (\d+)/.exec(add.output)![1];
      const badFormat = await runCommand(
        'src/cli/feeds.ts',
        ['add', sourceApi, '--name', 'X', '--format', 'csv'],
        env,
      );
      expect(badFormat.code).to.equal(2);
      expect(badFormat.output).to.contain('--format must be one of oruk, oruk-v1');

      const list = await runCommand('src/cli/feeds.ts', ['list'], env);
      expect(list.code, list.output).to.equal(0);
      expect(list.output).to.contain(`${id}\t${FEED_NAME}\toruk ${sourceApi}\tevery 12 h, enabled;`);
      expect(list.output).to.contain('not yet synced');

      const sync = await runCommand('src/cli/feeds.ts', ['sync', id], env, 120000);
      expect(sync.code, sync.output).to.equal(0);
      expect(sync.output).to.contain(`${FEED_NAME}: Synced`);
      expect(sync.output).to.match(/imported 0, updated \d+, unchanged \d+, rejected 0/);
      const listed = await runCommand('src/cli/feeds.ts', ['list'], env);
      expect(listed.output).to.contain(': Synced (imported 0');

      const remove = await runCommand('src/cli/feeds.ts', ['remove', id], env);
      expect(remove.code, remove.output).to.equal(0);
      expect((await runCommand('src/cli/feeds.ts', ['list'], env)).output).to.contain('no feeds registered');
      // Removing stops syncing; the listings stay.
      expect(await statusOf('feed-walk')).to.equal('active');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
