import { expect } from 'chai';
import type { Express, Router } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createOrganization } from '../../src/db/organization-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { findUserByEmail } from '../../src/db/account-store.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices, type Services } from '../../src/services/index.js';
import { createApp } from '../../src/app.js';
import { groupRoutes } from '../../src/web/routes/groups.js';
import { savedListRoutes } from '../../src/web/routes/saved-lists.js';
import { referralRequestRoutes } from '../../src/web/routes/referral-requests.js';
import { checkActivityForm, readActivityForm } from '../../src/web/forms/activity-form.js';
import { knitForm } from '../support/activity-form.js';
import { csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON } from '../support/fixtures.js';
import { testConfig } from '../support/config.js';
import { createStores } from '../../src/db/stores.js';

type Access = 'public' | 'signed-in' | 'steward' | 'link-worker';
interface RouteCase {
  method: 'GET' | 'POST';
  pattern: string;
  access: Access;
  /** The concrete URL, for organisation A's things. */
  url: () => string;
  /** Belongs to organisation A: organiser B must get a 404 and change nothing. */
  ownedByA?: boolean;
}

/** Every [method, path] the group routes register, read from the routers themselves. */
function registeredRoutes(router: Router): string[] {
  const found: string[] = [];
  const walk = (stack: unknown[]) => {
    for (const layer of stack as {
      route?: { path: string; methods: Record<string, boolean> };
      handle: { stack?: unknown[] };
    }[]) {
      if (layer.route)
        for (const m of Object.keys(layer.route.methods))
          found.push(`${m.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: unknown[] }).stack);
  return [...new Set(found)].sort();
}

describe('authorisation: every account, organiser and steward route (real app and Postgres)', function () {
  this.timeout(120000);
  let db: DataSource;
  let app: Express;
  let services: Services;
  let orgA: string;
  let orgB: string;
  let serviceA: string;
  let draftA: string;
  let claimId: string;
  let profileDraftId: string;
  let claimOnA: string;
  let reportId: string;
  let organiserA: Agent;
  let organiserB: Agent;
  let linkWorker: Agent;
  let steward: Agent;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [{ kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON }]);
    const engine = new PostgresSearchEngine(db);
    services = createServices({
      stores: createStores(db),
      searchEngine: () => engine,
      engines: [engine],
      config: testConfig(),
    });
    app = createApp(services);
    orgA = (await createOrganization(db, 'Organisation A')).id;
    orgB = (await createOrganization(db, 'Organisation B')).id;
    ({ agent: organiserA } = await signedInAgent(app, db, {
      email: 'a@example.org',
      organizationIds: [orgA],
    }));
    ({ agent: organiserB } = await signedInAgent(app, db, {
      email: 'b@example.org',
      organizationIds: [orgB],
    }));
    ({ agent: linkWorker } = await signedInAgent(app, db, { email: 'lw@example.org', role: 'link_worker' }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'st@example.org', role: 'steward' }));
    const a = (await findUserByEmail(db, 'a@example.org'))!;
    const st = (await findUserByEmail(db, 'st@example.org'))!;
    const checked = async (name: string) => {
      const form = await checkActivityForm(
        readActivityForm(knitForm({ name })),
        services.listingsEditor.findPostcode,
      );
      if (!form.ok) throw new Error(JSON.stringify(form.errors));
      return form.value;
    };
    const published = await services.listingsEditor.submit(a, orgA, null, await checked('A published'));
    await services.moderation.approveDraft(st, published.draftId!);
    serviceA = published.serviceId!;
    const pending = await services.listingsEditor.submit(a, orgA, null, await checked('A draft secret'));
    draftA = pending.draftId!;
    await services.moderation.requestClaim(a, orgB, 'please');
    claimId = (await services.moderation.claimsOf(a))[0].id;
    const b = (await findUserByEmail(db, 'b@example.org'))!;
    await services.moderation.requestClaim(b, orgA, 'mine too');
    claimOnA = (await services.moderation.claimsOf(b))[0].id;
    await services.moderation.reportProblem(serviceA, { problem: 'wrong time', email: null });
    reportId = (await services.moderation.queue()).reports[0].id;
    const profileA = (await services.organisations.find(orgA))!;
    await services.organisations.updateProfile(a, profileA, {
      name: 'A renamed',
      description: null,
      email: null,
      website: null,
    });
    profileDraftId = (await services.moderation.queue()).profileDrafts[0].id;
  });

  let referralA: string;
  // The referral loop: organisation A takes referrals and has one request (test/integration/referral-loop.test.ts).
  before(async () => {
    const a = (await findUserByEmail(db, 'a@example.org'))!;
    const lw = (await findUserByEmail(db, 'lw@example.org'))!;
    await services.referralRequests.saveSettings(orgA, a, 'a@example.org');
    referralA = await services.referralRequests.send(
      (await services.referralRequests.target(serviceA))!,
      lw,
      {
        firstName: 'Ada',
        contactMethod: 'phone',
        contactDetail: '01632 960001',
        support: null,
      },
    );
  });

  const routes = (): RouteCase[] => [
    { method: 'GET', pattern: '/account/register', access: 'public', url: () => '/account/register' },
    { method: 'POST', pattern: '/account/register', access: 'public', url: () => '/account/register' },
    { method: 'GET', pattern: '/account/sign-in', access: 'public', url: () => '/account/sign-in' },
    { method: 'POST', pattern: '/account/sign-in', access: 'public', url: () => '/account/sign-in' },
    { method: 'POST', pattern: '/account/sign-out', access: 'public', url: () => '/account/sign-out' },
    {
      method: 'GET',
      pattern: '/account/forgot-password',
      access: 'public',
      url: () => '/account/forgot-password',
    },
    {
      method: 'POST',
      pattern: '/account/forgot-password',
      access: 'public',
      url: () => '/account/forgot-password',
    },
    {
      method: 'GET',
      pattern: '/account/reset-password/:token',
      access: 'public',
      url: () => '/account/reset-password/x.y',
    },
    {
      method: 'POST',
      pattern: '/account/reset-password/:token',
      access: 'public',
      url: () => '/account/reset-password/x.y',
    },
    {
      method: 'GET',
      pattern: '/account/confirm-email/:token',
      access: 'public',
      url: () => '/account/confirm-email/x.y',
    },
    {
      method: 'POST',
      pattern: '/account/confirm-email/:token',
      access: 'public',
      url: () => '/account/confirm-email/x.y',
    },
    {
      method: 'POST',
      pattern: '/account/resend-confirmation',
      access: 'signed-in',
      url: () => '/account/resend-confirmation',
    },
    { method: 'GET', pattern: '/account', access: 'signed-in', url: () => '/account' },
    { method: 'GET', pattern: '/manage', access: 'signed-in', url: () => '/manage' },
    { method: 'GET', pattern: '/manage/claim', access: 'signed-in', url: () => '/manage/claim' },
    { method: 'POST', pattern: '/manage/claim', access: 'signed-in', url: () => '/manage/claim' },
    {
      method: 'GET',
      pattern: '/manage/new-organisation',
      access: 'signed-in',
      url: () => '/manage/new-organisation',
    },
    {
      method: 'POST',
      pattern: '/manage/new-organisation',
      access: 'signed-in',
      url: () => '/manage/new-organisation',
    },
    {
      method: 'GET',
      pattern: '/manage/organisations/:orgId',
      access: 'signed-in',
      url: () => `/manage/organisations/${orgA}`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/organisations/:orgId',
      access: 'signed-in',
      url: () => `/manage/organisations/${orgA}`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/organisations/:orgId/claims/:claimId/concern',
      access: 'signed-in',
      url: () => `/manage/organisations/${orgA}/claims/${claimOnA}/concern`,
      ownedByA: true,
    },
    {
      method: 'GET',
      pattern: '/manage/organisations/:orgId/activities/new',
      access: 'signed-in',
      url: () => `/manage/organisations/${orgA}/activities/new`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/organisations/:orgId/activities/new',
      access: 'signed-in',
      url: () => `/manage/organisations/${orgA}/activities/new`,
      ownedByA: true,
    },
    {
      method: 'GET',
      pattern: '/manage/activities/:serviceId',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}`,
      ownedByA: true,
    },
    {
      method: 'GET',
      pattern: '/manage/activities/:serviceId/edit',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}/edit`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/activities/:serviceId/edit',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}/edit`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/activities/:serviceId/cancel-date',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}/cancel-date`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/activities/:serviceId/restore-date',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}/restore-date`,
      ownedByA: true,
    },
    {
      method: 'GET',
      pattern: '/manage/activities/:serviceId/status',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}/status`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/activities/:serviceId/status',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}/status`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/activities/:serviceId/still-accurate',
      access: 'signed-in',
      url: () => `/manage/activities/${serviceA}/still-accurate`,
      ownedByA: true,
    },
    {
      method: 'GET',
      pattern: '/manage/drafts/:draftId',
      access: 'signed-in',
      url: () => `/manage/drafts/${draftA}`,
      ownedByA: true,
    },
    {
      method: 'GET',
      pattern: '/manage/drafts/:draftId/edit',
      access: 'signed-in',
      url: () => `/manage/drafts/${draftA}/edit`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/drafts/:draftId/edit',
      access: 'signed-in',
      url: () => `/manage/drafts/${draftA}/edit`,
      ownedByA: true,
    },
    { method: 'GET', pattern: '/steward', access: 'steward', url: () => '/steward' },
    {
      method: 'GET',
      pattern: '/steward/drafts/:draftId',
      access: 'steward',
      url: () => `/steward/drafts/${draftA}`,
    },
    {
      method: 'POST',
      pattern: '/steward/drafts/:draftId',
      access: 'steward',
      url: () => `/steward/drafts/${draftA}`,
    },
    {
      method: 'GET',
      pattern: '/steward/profile-drafts/:draftId',
      access: 'steward',
      url: () => `/steward/profile-drafts/${profileDraftId}`,
    },
    {
      method: 'POST',
      pattern: '/steward/profile-drafts/:draftId',
      access: 'steward',
      url: () => `/steward/profile-drafts/${profileDraftId}`,
    },
    {
      method: 'GET',
      pattern: '/steward/organisation-requests/:requestId',
      access: 'steward',
      url: () => '/steward/organisation-requests/1',
    },
    {
      method: 'POST',
      pattern: '/steward/organisation-requests/:requestId',
      access: 'steward',
      url: () => '/steward/organisation-requests/1',
    },
    {
      method: 'POST',
      pattern: '/steward/claims/:claimId',
      access: 'steward',
      url: () => `/steward/claims/${claimId}`,
    },
    {
      method: 'POST',
      pattern: '/steward/reports/:reportId',
      access: 'steward',
      url: () => `/steward/reports/${reportId}`,
    },
    {
      method: 'POST',
      pattern: '/steward/feedback/:feedbackId',
      access: 'steward',
      url: () => '/steward/feedback/1',
    },
    {
      method: 'POST',
      pattern: '/steward/times/:serviceId',
      access: 'steward',
      url: () => `/steward/times/${serviceA}`,
    },
    { method: 'GET', pattern: '/steward/audit', access: 'steward', url: () => '/steward/audit' },
    { method: 'GET', pattern: '/steward/mailbox', access: 'steward', url: () => '/steward/mailbox' },
    { method: 'GET', pattern: '/steward/feeds', access: 'steward', url: () => '/steward/feeds' },
    { method: 'GET', pattern: '/steward/feeds/new', access: 'steward', url: () => '/steward/feeds/new' },
    { method: 'POST', pattern: '/steward/feeds/new', access: 'steward', url: () => '/steward/feeds/new' },
    { method: 'GET', pattern: '/steward/feeds/:feedId', access: 'steward', url: () => '/steward/feeds/1' },
    {
      method: 'GET',
      pattern: '/steward/feeds/:feedId/edit',
      access: 'steward',
      url: () => '/steward/feeds/1/edit',
    },
    {
      method: 'POST',
      pattern: '/steward/feeds/:feedId/edit',
      access: 'steward',
      url: () => '/steward/feeds/1/edit',
    },
    {
      method: 'POST',
      pattern: '/steward/feeds/:feedId/pause',
      access: 'steward',
      url: () => '/steward/feeds/1/pause',
    },
    {
      method: 'POST',
      pattern: '/steward/feeds/:feedId/resume',
      access: 'steward',
      url: () => '/steward/feeds/1/resume',
    },
    {
      method: 'POST',
      pattern: '/steward/feeds/:feedId/sync',
      access: 'steward',
      url: () => '/steward/feeds/1/sync',
    },
    {
      method: 'GET',
      pattern: '/steward/feeds/:feedId/remove',
      access: 'steward',
      url: () => '/steward/feeds/1/remove',
    },
    {
      method: 'POST',
      pattern: '/steward/feeds/:feedId/remove',
      access: 'steward',
      url: () => '/steward/feeds/1/remove',
    },
    { method: 'GET', pattern: '/steward/duplicates', access: 'steward', url: () => '/steward/duplicates' },
    {
      method: 'GET',
      pattern: '/steward/duplicates/merged',
      access: 'steward',
      url: () => '/steward/duplicates/merged',
    },
    {
      method: 'GET',
      pattern: '/steward/duplicates/:mergeId',
      access: 'steward',
      url: () => '/steward/duplicates/1',
    },
    {
      method: 'POST',
      pattern: '/steward/duplicates/:mergeId/merge',
      access: 'steward',
      url: () => '/steward/duplicates/1/merge',
    },
    {
      method: 'POST',
      pattern: '/steward/duplicates/:mergeId/keep-apart',
      access: 'steward',
      url: () => '/steward/duplicates/1/keep-apart',
    },
    {
      method: 'POST',
      pattern: '/steward/duplicates/:mergeId/split',
      access: 'steward',
      url: () => '/steward/duplicates/1/split',
    },
    {
      method: 'GET',
      pattern: '/activities/:id/report',
      access: 'public',
      url: () => `/activities/${serviceA}/report`,
    },
    {
      method: 'POST',
      pattern: '/activities/:id/report',
      access: 'public',
      url: () => `/activities/${serviceA}/report`,
    },
    { method: 'GET', pattern: '/still-accurate/:token', access: 'public', url: () => '/still-accurate/x.y' },
    { method: 'POST', pattern: '/still-accurate/:token', access: 'public', url: () => '/still-accurate/x.y' },
    {
      method: 'POST',
      pattern: '/still-accurate/:token/undo',
      access: 'public',
      url: () => '/still-accurate/x.y/undo',
    },
    // The referral loop: link workers send and follow their own; a group's members see and answer theirs.
    {
      method: 'GET',
      pattern: '/activities/:id/refer',
      access: 'link-worker',
      url: () => `/activities/${serviceA}/refer`,
    },
    {
      method: 'POST',
      pattern: '/activities/:id/refer',
      access: 'link-worker',
      url: () => `/activities/${serviceA}/refer`,
    },
    { method: 'GET', pattern: '/your-referrals', access: 'link-worker', url: () => '/your-referrals' },
    {
      method: 'GET',
      pattern: '/your-referrals/:requestId',
      access: 'link-worker',
      url: () => `/your-referrals/${referralA}`,
    },
    {
      method: 'GET',
      pattern: '/manage/referrals/inbox',
      access: 'signed-in',
      url: () => '/manage/referrals/inbox',
    },
    {
      method: 'GET',
      pattern: '/manage/referrals/inbox/:requestId',
      access: 'signed-in',
      url: () => `/manage/referrals/inbox/${referralA}`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/referrals/inbox/:requestId/status',
      access: 'signed-in',
      url: () => `/manage/referrals/inbox/${referralA}/status`,
      ownedByA: true,
    },
    {
      method: 'GET',
      pattern: '/manage/organisations/:orgId/referral-settings',
      access: 'signed-in',
      url: () => `/manage/organisations/${orgA}/referral-settings`,
      ownedByA: true,
    },
    {
      method: 'POST',
      pattern: '/manage/organisations/:orgId/referral-settings',
      access: 'signed-in',
      url: () => `/manage/organisations/${orgA}/referral-settings`,
      ownedByA: true,
    },
    // Saved lists: link workers and stewards, each their own lists only (test/integration/saved-lists.test.ts).
    { method: 'GET', pattern: '/saved-lists', access: 'link-worker', url: () => '/saved-lists' },
    { method: 'GET', pattern: '/saved-lists/save', access: 'link-worker', url: () => '/saved-lists/save' },
    { method: 'POST', pattern: '/saved-lists/save', access: 'link-worker', url: () => '/saved-lists/save' },
    { method: 'POST', pattern: '/saved-lists/add', access: 'link-worker', url: () => '/saved-lists/add' },
    { method: 'GET', pattern: '/saved-lists/:listId', access: 'link-worker', url: () => '/saved-lists/1' },
    {
      method: 'POST',
      pattern: '/saved-lists/:listId/open',
      access: 'link-worker',
      url: () => '/saved-lists/1/open',
    },
    {
      method: 'POST',
      pattern: '/saved-lists/:listId/remove',
      access: 'link-worker',
      url: () => '/saved-lists/1/remove',
    },
    {
      method: 'POST',
      pattern: '/saved-lists/:listId/seen',
      access: 'link-worker',
      url: () => '/saved-lists/1/seen',
    },
    {
      method: 'GET',
      pattern: '/saved-lists/:listId/rename',
      access: 'link-worker',
      url: () => '/saved-lists/1/rename',
    },
    {
      method: 'POST',
      pattern: '/saved-lists/:listId/rename',
      access: 'link-worker',
      url: () => '/saved-lists/1/rename',
    },
    {
      method: 'GET',
      pattern: '/saved-lists/:listId/delete',
      access: 'link-worker',
      url: () => '/saved-lists/1/delete',
    },
    {
      method: 'POST',
      pattern: '/saved-lists/:listId/delete',
      access: 'link-worker',
      url: () => '/saved-lists/1/delete',
    },
  ];

  /** A body that would change things if the request were allowed. */
  const body = () => ({
    ...knitForm({ name: 'Hijacked' }),
    status: 'inactive',
    date: '2030-01-01',
    reason: 'hijack',
    decision: 'approve',
    description: 'hijacked',
    organisation: orgB,
  });

  it('this table lists every route the group pages register', () => {
    const table = routes()
      .map((r) => `${r.method} ${r.pattern}`)
      .sort();
    expect(table).to.deep.equal(
      [
        ...registeredRoutes(groupRoutes(services)),
        ...registeredRoutes(savedListRoutes(services)),
        ...registeredRoutes(referralRequestRoutes(services)),
      ].sort(),
    );
  });

  it('anonymous visitors reach no account, organiser or steward page (GET → sign in, POST → 403)', async () => {
    const anonymous = request.agent(app);
    const token = await csrfToken(anonymous, '/account/sign-in');
    for (const r of routes().filter((x) => x.access !== 'public')) {
      if (r.method === 'GET') {
        const res = await anonymous.get(r.url()).expect(302);
        expect(res.headers.location, r.url()).to.equal(
          `/account/sign-in?next=${encodeURIComponent(r.url())}`,
        );
      } else {
        await anonymous
          .post(r.url())
          .type('form')
          .send({ _csrf: token, ...body() })
          .expect(403);
      }
    }
  });

  it('an organiser can never see or change another organisation’s drafts or listings (404, nothing changes)', async () => {
    const before = await db.query(`SELECT name, status, assured_date::text FROM service ORDER BY id`);
    const draftsBefore = await db.query(`SELECT count(*)::int AS n FROM listing_draft`);
    const token = await csrfToken(organiserB, '/account');
    for (const r of routes().filter((x) => x.ownedByA)) {
      const res =
        r.method === 'GET'
          ? await organiserB.get(r.url())
          : await organiserB
              .post(r.url())
              .type('form')
              .send({ _csrf: token, ...body() });
      expect(res.status, `${r.method} ${r.url()}`).to.equal(404);
      expect(res.text, `${r.method} ${r.url()}`).not.to.contain('A draft secret');
      expect(res.text).not.to.contain('A published');
    }
    // A link worker belongs to no organisation, so sees none either.
    for (const r of routes().filter((x) => x.ownedByA && x.method === 'GET'))
      await linkWorker.get(r.url()).expect(404);
    expect(await db.query(`SELECT name, status, assured_date::text FROM service ORDER BY id`)).to.deep.equal(
      before,
    );
    expect(await db.query(`SELECT count(*)::int AS n FROM listing_draft`)).to.deep.equal(draftsBefore);
    expect(await db.query(`SELECT count(*)::int AS n FROM schedule_cancellation`)).to.deep.equal([{ n: 0 }]);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM claim_request WHERE concern_at IS NOT NULL`),
    ).to.deep.equal([{ n: 0 }]);
    // Organisation A's own organiser does reach them.
    for (const r of routes().filter((x) => x.ownedByA && x.method === 'GET'))
      await organiserA.get(r.url()).expect(200);
  });

  it('organisers and link workers get 403 on every steward route', async () => {
    const token = await csrfToken(organiserA, '/account');
    for (const agent of [organiserA, linkWorker]) {
      for (const r of routes().filter((x) => x.access === 'steward')) {
        const res =
          r.method === 'GET'
            ? await agent.get(r.url())
            : await agent
                .post(r.url())
                .type('form')
                .send({ _csrf: token, ...body() });
        expect(res.status, `${r.method} ${r.url()}`).to.equal(403);
      }
    }
    const [draft] = (await db.query(`SELECT status FROM listing_draft WHERE id = $1`, [draftA])) as {
      status: string;
    }[];
    expect(draft.status).to.equal('pending');
    expect(await db.query(`SELECT status FROM organization_draft`)).to.deep.equal([{ status: 'pending' }]);
    expect(await db.query(`SELECT name FROM organization WHERE id = $1`, [orgA])).to.deep.equal([
      { name: 'Organisation A' },
    ]);
  });

  it('organisers get 403 on every saved-list route; link workers and stewards reach them', async () => {
    const token = await csrfToken(organiserA, '/account');
    for (const r of routes().filter((x) => x.access === 'link-worker')) {
      const res =
        r.method === 'GET'
          ? await organiserA.get(r.url())
          : await organiserA
              .post(r.url())
              .type('form')
              .send({ _csrf: token, ...body() });
      expect(res.status, `${r.method} ${r.url()}`).to.equal(403);
    }
    for (const agent of [linkWorker, steward]) {
      await agent.get('/saved-lists').expect(200);
      // List 1 is nobody's here: a 404, never another account's list.
      await agent.get('/saved-lists/1').expect(404);
    }
    expect(await db.query(`SELECT count(*)::int AS n FROM saved_list`)).to.deep.equal([{ n: 0 }]);
  });

  it('every POST without a CSRF token, or with another session’s token, fails with 403', async () => {
    const otherToken = await csrfToken(request.agent(app), '/account/sign-in');
    for (const r of routes().filter((x) => x.method === 'POST')) {
      for (const agent of [steward, organiserA, request.agent(app)]) {
        await agent.post(r.url()).type('form').send(body()).expect(403);
        await agent
          .post(r.url())
          .type('form')
          .send({ _csrf: otherToken, ...body() })
          .expect(403);
      }
    }
    const [draft] = (await db.query(`SELECT status FROM listing_draft WHERE id = $1`, [draftA])) as {
      status: string;
    }[];
    expect(draft.status).to.equal('pending');
  });

  it('JSON and health routes need no session and set no cookie', async () => {
    const res = await request(app).get('/health');
    expect(res.headers['set-cookie']).to.equal(undefined);
    const page = await request(app).get('/search?q=knit').expect(200);
    expect(page.headers['set-cookie'], 'a page without a form creates no session').to.equal(undefined);
  });
});
