// Crawling an imperfect live feed: a small HTTP server on loopback answers as real feeds do (modified_after and
// search ignored, /taxonomies 404, empty /taxonomy_terms, HTML in fields, a malformed record, a 503 before an
// answer, a listed service that is not there). Each fault is in the report, none stops the crawl; a root that is
// not ORUK 3, or that cannot be reached, stops the command with one sentence and exit 1.
import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createStores } from '../../src/db/stores.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { storedListings } from '../support/crawl.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { freePort, runCommand } from '../support/processes.js';

type Json = Record<string, unknown>;

const SERVICES: Record<string, Json> = {
  'crawl-a': {
    id: 'crawl-a',
    name: 'Riverside Walk',
    description: 'A gentle walk by the river.',
    status: 'active',
    organization: { id: 'crawl-org', name: 'Riverside Friends' },
  },
  'crawl-b': {
    id: 'crawl-b',
    name: 'Art Club',
    description: '<p>Paint <script>alert(1)</script><strong>together</strong></p>',
    status: 'active',
    organization: { id: 'crawl-org', name: 'Riverside Friends' },
  },
  // Malformed: no name, a status no one knows, an age range upside down.
  'crawl-c': { id: 'crawl-c', name: '', status: 'sometimes', minimum_age: 70, maximum_age: 18 },
  'crawl-d': {
    id: 'crawl-d',
    name: 'Coffee Morning',
    status: 'active',
    organization: { id: 'crawl-org', name: 'Riverside Friends' },
  },
};
/** Listed but gone when asked for. */
const GONE = 'crawl-gone';
const LISTED = [...Object.keys(SERVICES), GONE];

interface FaultyFeed {
  server: Server;
  base: string;
  /** Each request's path and time, and the User-Agent it came with. */
  requests: { path: string; at: number; userAgent: string }[];
  maxInFlight: number;
  /** A page of /services that answers 500 while set. */
  failingPage: number | null;
  /** A service that answers 503 while set. */
  failingService: string | null;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Serves the faulty feed at /api; `root` is what its root says. */
async function faultyFeed(root: Json = { version: 'HSDS-UK-3.0' }): Promise<FaultyFeed> {
  const feed: FaultyFeed = {
    server: null as unknown as Server,
    base: '',
    requests: [],
    maxInFlight: 0,
    failingPage: null,
    failingService: null,
  };
  let inFlight = 0;
  let unavailableOnce = true;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://feed');
    feed.requests.push({ path: url.pathname, at: Date.now(), userAgent: req.headers['user-agent'] ?? '' });
    const path = url.pathname.replace(/^\/api/, '');
    if (path === '/' || path === '') return send(res, 200, root);
    if (path === '/services') {
      // modified_after and search are ignored; pages are honoured.
      const perPage = Number(url.searchParams.get('per_page') ?? 50);
      const page = Number(url.searchParams.get('page') ?? 1);
      if (page === feed.failingPage) return send(res, 500, { message: 'database error' });
      const contents = LISTED.slice((page - 1) * perPage, page * perPage).map((id) => ({ id }));
      const totalPages = Math.ceil(LISTED.length / perPage);
      return send(res, 200, {
        total_items: LISTED.length,
        total_pages: totalPages,
        page_number: page,
        size: contents.length,
        first_page: page === 1,
        last_page: page >= totalPages,
        empty: contents.length === 0,
        contents,
      });
    }
    const id = /^\/services\/(.+)$/.exec(path)?.[1];
    if (id) {
      if (id === feed.failingService) return send(res, 503, { message: 'overloaded' });
      if (id === 'crawl-d' && unavailableOnce) {
        unavailableOnce = false;
        return send(res, 503, { message: 'busy' }, { 'Retry-After': '1' });
      }
      const service = SERVICES[decodeURIComponent(id)];
      return service ? send(res, 200, service) : send(res, 404, { message: 'not found' });
    }
    if (path === '/taxonomy_terms')
      return send(res, 200, { total_items: 0, total_pages: 0, page_number: 1, size: 0, contents: [] });
    send(res, 404, { message: 'not found' });
  };
  feed.server = createServer((req, res) => {
    inFlight += 1;
    feed.maxInFlight = Math.max(feed.maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
    // A little latency, so requests overlap when the crawler lets them.
    setTimeout(() => handle(req, res), 15);
  });
  feed.server.listen(0, '127.0.0.1');
  await new Promise((resolve) => feed.server.once('listening', resolve));
  feed.base = `http://127.0.0.1:${(feed.server.address() as AddressInfo).port}/api`;
  return feed;
}

describe('crawl a faulty Open Referral UK feed (a local HTTP server)', function () {
  this.timeout(120000);
  let db: DataSource;
  let feed: FaultyFeed;

  beforeEach(async () => {
    db = await testDatabase();
    await resetData(db);
  });
  afterEach(() => feed?.server.close());

  it('reports each fault, imports the rest, and a second crawl compares by content hash', async () => {
    feed = await faultyFeed();
    const crawl = { concurrency: 2, retryBaseMs: 50, perPage: 2 };
    const report = await runImport(createStores(db), feed.base, { format: 'oruk', crawl });
    const details = (report.details ?? []).join('\n');

    expect(summaryLine(report), details).to.equal('imported 3, updated 0, unchanged 0, rejected 1');
    expect(report.rejections).to.have.length(1);
    expect(report.rejections[0].id).to.equal('crawl-c');
    expect(report.rejections[0].position.file).to.equal(`${feed.base}/services/crawl-c`);
    expect(report.rejections[0].reasons.join('; ')).to.match(/name: is required/);
    expect(details).to.match(/feed fault: modified_after ignored, .*: 1 \(/);
    expect(details).to.match(/feed fault: search ignored: 1 \(.*listed all 5 services\)/);
    expect(details).to.match(
      /feed fault: optional list not offered: 1 \(.*\/taxonomies\?page=1&per_page=100: 404 Not Found\)/,
    );
    expect(details).to.match(/feed fault: optional list empty: 1 \(.*\/taxonomy_terms\)/);
    expect(details).to.match(
      /feed fault: HTML in fields \(cleaned as every import cleans it\): 1 \(crawl-b: description\)/,
    );
    expect(details).to.match(
      /feed fault: answered only after retrying: 1 \(.*\/services\/crawl-d: 503 Service Unavailable\)/,
    );
    expect(details).to.match(
      /feed fault: service could not be read: 1 \(.*\/services\/crawl-gone: 404 Not Found\)/,
    );
    expect(details).to.match(/3 pages read, 5 services listed on them, 4 fetched/);

    // Retry-After: 1 was honoured before crawl-d was asked again.
    const asked = feed.requests.filter((r) => r.path === '/api/services/crawl-d').map((r) => r.at);
    expect(asked).to.have.length(2);
    expect(asked[1] - asked[0]).to.be.at.least(950);
    expect(feed.maxInFlight).to.be.at.most(2);
    // The markup went the way every import's does.
    const [art] = (await db.query(`SELECT description FROM service WHERE id = 'crawl-b'`)) as Json[];
    expect(art.description).to.equal('<p>Paint <strong>together</strong></p>');

    // The feed ignores modified_after: the second crawl fetches everything again, and the hashes say unchanged.
    const before = await storedListings(db);
    const again = await runImport(createStores(db), feed.base, { format: 'oruk', crawl });
    expect(summaryLine(again)).to.equal('imported 0, updated 0, unchanged 3, rejected 1');
    expect(again.details!.join('\n')).to.match(/read every service the feed lists/);
    expect(again.details!.join('\n')).to.match(/5 services listed on them, 4 fetched/);
    expect(again.details!.join('\n')).to.match(
      /^3 records fetched as last imported \(same content hash\), not imported again$/m,
    );
    expect(await storedListings(db)).to.deep.equal(before);
  });

  it('a page or a service that cannot be read leaves the crawl open, and the next run finishes it', async () => {
    feed = await faultyFeed();
    feed.failingPage = 2;
    feed.failingService = 'crawl-a';
    const crawl = { concurrency: 2, retryBaseMs: 20, perPage: 2 };
    const first = await runImport(createStores(db), feed.base, { format: 'oruk', crawl });
    const details = first.details!.join('\n');
    expect(summaryLine(first)).to.equal('imported 1, updated 0, unchanged 0, rejected 0');
    expect(details).to.match(
      /feed fault: page of services could not be read: 1 \(.*\/services\?page=2&per_page=2: 500 Internal Server Error, after 5 tries\)/,
    );
    expect(details).to.match(
      /the crawl is incomplete: 1 page of services and 1 service could not be read; run the same command again/,
    );
    const open = `SELECT count(*)::int AS n FROM crawl_feed WHERE run_started_at IS NOT NULL`;
    expect(((await db.query(open)) as Json[])[0].n).to.equal(1);

    expect(details).to.match(
      /feed fault: service could not be read: 2 \(.*\/services\/crawl-a: 503 Service Unavailable, after 5 tries; .*\/services\/crawl-gone: 404 Not Found\)/,
    );

    feed.failingPage = null;
    feed.failingService = null;
    const second = await runImport(createStores(db), feed.base, { format: 'oruk', crawl });
    // The one the first run imported is in the directory as fetched: unchanged.
    expect(summaryLine(second)).to.equal('imported 2, updated 0, unchanged 1, rejected 1');
    // Page 1 was not finished (crawl-a failed), so only page 3 counts as read; crawl-b was kept.
    expect(second.details!.join('\n')).to.match(
      /resumed the crawl started .*: 1 page and 1 service had been read before it stopped/,
    );
    expect(((await db.query(open)) as Json[])[0].n).to.equal(0);
    const ids = (await db.query(`SELECT id FROM service ORDER BY id`)) as Json[];
    expect(ids.map((row) => row.id)).to.deep.equal(['crawl-a', 'crawl-b', 'crawl-d']);
  });

  it('a dry run stores no listing and leaves the crawl open for the next run to import', async () => {
    feed = await faultyFeed();
    const crawl = { retryBaseMs: 20 };
    const dry = await runImport(createStores(db), feed.base, { format: 'oruk', crawl, dryRun: true });
    expect(dry.details!.join('\n')).to.match(/the crawl stays open: the next run without --dry-run imports/);
    expect(((await db.query(`SELECT count(*)::int AS n FROM service`)) as Json[])[0].n).to.equal(0);
    const real = await runImport(createStores(db), feed.base, { format: 'oruk', crawl });
    expect(summaryLine(real)).to.equal('imported 3, updated 0, unchanged 0, rejected 1');
    expect(real.details!.join('\n')).to.match(/listed on them, 0 fetched/);
  });

  it('the command names itself to the feed, with BASE_URL, and keeps to --concurrency 1', async () => {
    feed = await faultyFeed();
    const { code, output } = await runCommand(
      'src/importer/cli.ts',
      [feed.base, '--format', 'oruk', '--concurrency', '1', '--timeout', '10'],
      { DATABASE_URL: await testDatabaseUrl(), BASE_URL: 'https://directory.example.org' },
    );
    expect(code, output).to.equal(0);
    expect(output).to.match(/^imported 3, updated 0, unchanged 0, rejected 1$/m);
    expect(output).to.match(/^rejected .*\/services\/crawl-c record 1 \(id crawl-c\): name: is required/m);
    expect(output).to.match(/^feed fault: answered only after retrying: 1/m);
    expect(feed.maxInFlight).to.equal(1);
    const agents = new Set(feed.requests.map((r) => r.userAgent));
    expect([...agents]).to.deep.equal([
      'community-activity-directory/0.1.0 (Open Referral UK 3.0 crawler; +https://directory.example.org)',
    ]);
  });

  it('refuses a root that is not ORUK 3.x with one sentence and exit 1', async () => {
    feed = await faultyFeed({ version: '1.0' });
    const { code, output } = await runCommand('src/importer/cli.ts', [feed.base, '--format', 'oruk'], {
      DATABASE_URL: await testDatabaseUrl(),
    });
    expect(code).to.equal(1);
    expect(output.trim()).to.equal(
      `import failed: ${feed.base}/ is not an Open Referral UK 3.0 API: its root gives version "1.0", not 3.x`,
    );
    expect(feed.requests.map((r) => r.path)).to.deep.equal(['/api/']);
  });

  it('stops with one sentence and exit 1 when the feed cannot be reached', async () => {
    const port = await freePort();
    const { code, output } = await runCommand(
      'src/importer/cli.ts',
      [`http://127.0.0.1:${port}/api`, '--timeout', '2'],
      { DATABASE_URL: await testDatabaseUrl() },
    );
    expect(code).to.equal(1);
    expect(output.trim()).to.match(
      new RegExp(
        `^import failed: could not reach http://127\\.0\\.0\\.1:${port}/api/: network error ECONNREFUSED, after 5 tries$`,
      ),
    );
  });
});
