// Where people land: after signing in, each role on its own starting page unless sign-in was asked for by a page
// (and then only back to a page of this site); and the home page's way in for group organisers.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Role } from '../../src/domain/account.js';
import { resetAccounts, testAccounts, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { resetData, testDatabase } from '../support/database.js';

const PASSWORD = 'correct horse battery';
const EMAIL: Record<Role, string> = {
  link_worker: 'link.worker@example.org',
  organiser: 'organiser@example.org',
  steward: 'steward@example.org',
};

describe('landing pages: after sign-in by role, and the home page for group organisers (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    app = buildApp(db);
    const accounts = testAccounts(db);
    for (const role of Object.keys(EMAIL) as Role[]) {
      const created = await accounts.createAccount({ email: EMAIL[role], password: PASSWORD, role });
      if (!created.ok) throw new Error(`could not create ${EMAIL[role]}`);
    }
  });

  afterEach(() => db.query(`DELETE FROM rate_limit`));

  /** Signs in through the form reached at `from`, as a person would; gives the agent and where it was sent. */
  const signIn = async (role: Role, from = '/account/sign-in', next?: string) => {
    const agent = request.agent(app);
    const page = await agent.get(from).expect(200);
    const $ = cheerio.load(page.text);
    const form = {
      _csrf: String($('input[name=_csrf]').val()),
      next: next ?? String($('input[name=next]').val() ?? ''),
      email: EMAIL[role],
      password: PASSWORD,
    };
    const res = await agent.post('/account/sign-in').type('form').send(form).expect(302);
    return { agent, location: res.headers.location as string };
  };

  it('sends a link worker to search, an organiser to their listings and a steward to the queue', async () => {
    const landed: Record<string, string> = {};
    for (const role of Object.keys(EMAIL) as Role[]) {
      const { agent, location } = await signIn(role);
      landed[role] = location;
      // The page is there for them (not a refusal).
      await agent.get(location).expect(200);
    }
    expect(landed).to.deep.equal({ link_worker: '/search', organiser: '/manage', steward: '/steward' });
  });

  it('sends someone back to the page that asked them to sign in, whatever their role', async () => {
    const anonymous = await request(app).get('/reports').expect(302);
    expect(anonymous.headers.location).to.equal('/account/sign-in?next=%2Freports');
    const { agent, location } = await signIn('link_worker', anonymous.headers.location as string);
    expect(location).to.equal('/reports');
    await agent.get(location).expect(200);

    const steward = await signIn('steward', '/account/sign-in?next=%2Fsteward%2Faudit');
    expect(steward.location).to.equal('/steward/audit');
  });

  it('never sends anyone off the site, whatever the return address says: they land on their own page', async () => {
    for (const next of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'http:/evil.example',
      'javascript:alert(1)',
      ' //evil.example',
      'evil.example',
    ]) {
      const { location } = await signIn('link_worker', `/account/sign-in?next=${encodeURIComponent(next)}`);
      expect(location, next).to.equal('/search');
      const posted = await signIn('organiser', '/account/sign-in', next);
      expect(posted.location, next).to.equal('/manage');
    }
    // Characters a browser drops from an address (a tab, a new line) would turn "/<tab>/evil.example" into
    // "//evil.example": such an address is not followed at all.
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/ /evil.example']) {
      const { location } = await signIn('link_worker', '/account/sign-in', next);
      expect(location, JSON.stringify(next)).to.equal('/search');
    }
  });

  describe('the home page', () => {
    const listYourGroup = async (agent: Agent | ReturnType<typeof request>) => {
      const res = await agent.get('/').expect(200);
      const $ = cheerio.load(res.text);
      return { $, section: $('#list-your-group') };
    };

    it('signed out: "List your group" says what listing involves and leads to registration or sign-in', async () => {
      const { $, section } = await listYourGroup(request(app));
      expect(section.find('h2').text()).to.equal('List your group');
      expect(section.text().replace(/\s+/g, ' ')).to.contain(
        'The directory team checks each one before it is shown',
      );
      expect(section.find('a[href="/account/register"]').text()).to.equal(
        'Create an account to list your group',
      );
      expect(section.find('a[href="/account/sign-in"]').text()).to.equal('Sign in');
      // The link worker's search still leads the page: the form comes before the way in for groups.
      const order = $('h1, form[role=search], #list-your-group')
        .map((_, el) => (el.tagName === 'h1' ? 'heading' : $(el).is('form') ? 'search' : 'groups'))
        .get();
      expect(order).to.deep.equal(['heading', 'search', 'groups']);
      expect($('h1').text()).to.equal('Find a local activity, group or session');
    });

    it('signed in as an organiser: leads to their listings; a link worker and a steward are not shown it', async () => {
      const organiser = await signIn('organiser');
      const { $, section } = await listYourGroup(organiser.agent);
      const links = section
        .find('a')
        .map((_, a) => `${$(a).text()} → ${$(a).attr('href')}`)
        .get();
      expect(links).to.deep.equal(['Go to your listings → /manage']);
      for (const role of ['link_worker', 'steward'] as Role[]) {
        const { agent } = await signIn(role);
        expect((await listYourGroup(agent)).section, role).to.have.length(0);
      }
    });
  });
});
