import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  AUDITED_STATES,
  EVERY_PAGE_STATE,
  KNOWN_ISSUES,
  PUBLIC_INFORMATION_PAGES,
} from '../../src/domain/accessibility.js';
import {
  REFERRAL_RETENTION_DEFAULT_DAYS,
  RETENTION,
  retentionRules,
  SESSION_IDLE_HOURS,
} from '../../src/domain/retention.js';
import { FEEDBACK_TOPICS } from '../../src/services/feedback.js';
import { RATE_LIMITS } from '../../src/services/rate-limits.js';
import { SESSION_COOKIE } from '../../src/web/middleware/sessions.js';
import { csrfFrom, signedInAgent, type Agent } from '../support/accounts.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { testDatabase } from '../support/database.js';
import { seedImportedWalk } from '../support/imported-walk.js';
import { checkListName } from '../../src/domain/saved-list.js';

const OPERATOR = {
  OPERATOR_NAME: 'Bristol Community Links',
  OPERATOR_EMAIL: 'directory@bristol-links.example.org',
  OPERATOR_PHONE: '0117 496 0000',
  OPERATOR_ADDRESS: '1 Example Street, Bristol BS1 1AA',
};

const text = (html: string) => cheerio.load(html)('main').text().replace(/\s+/g, ' ');
/** The names of the cookies a response sets. */
const cookiesSet = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split('=')[0]);

describe('accessibility statement, privacy notice, cookies and contact pages (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let app: Express;
  let steward: Agent;

  before(async () => {
    db = await testDatabase();
    await seedImportedWalk(db);
    await db.query('TRUNCATE feedback');
    app = buildApp(db, testConfig({ ...process.env, ...OPERATOR }));
    ({ agent: steward } = await signedInAgent(app, db, { email: 'sam@example.org', role: 'steward' }));
  });

  beforeEach(async () => {
    await db.query('DELETE FROM rate_limit');
  });

  describe('the accessibility statement', () => {
    it('lists exactly the page states the browser tests check, in their order', async () => {
      const $ = cheerio.load((await request(app).get('/accessibility').expect(200)).text);
      const listed = $('[data-audited-state]')
        .map((_, li) => ({ state: $(li).attr('data-audited-state'), who: $(li).attr('data-audited-as') }))
        .get();
      expect(listed).to.deep.equal(AUDITED_STATES.map(({ state, who }) => ({ state, who })));
      expect($('[data-audited-suite=every-page-state] li').length).to.equal(EVERY_PAGE_STATE.length);
      expect($('[data-audited-suite=public-information-pages] li').length).to.equal(
        PUBLIC_INFORMATION_PAGES.length,
      );
      expect($('[data-audited-state="review queue"]').text()).to.equal(
        'review queue, signed in as a steward',
      );
      expect($('[data-audited-state="404"]').text()).to.equal('page not found (404)');
    });

    it('states each known issue with its WCAG criterion, the compliance status and the date tested', async () => {
      const $ = cheerio.load((await request(app).get('/accessibility').expect(200)).text);
      const issues = $('[data-known-issue]');
      expect(issues.length).to.equal(KNOWN_ISSUES.length);
      KNOWN_ISSUES.forEach((issue, i) => {
        const shown = issues.eq(i);
        expect(shown.find('h4').text()).to.equal(issue.summary);
        for (const criterion of issue.criteria)
          expect(shown.find('[data-criteria]').text().replace(/\s+/g, ' ')).to.contain(
            `success criterion ${criterion.number} (${criterion.name}, level ${criterion.level})`,
          );
      });
      const criteria = KNOWN_ISSUES.flatMap((issue) => issue.criteria.map((c) => c.number));
      expect(criteria).to.include.members(['1.1.1', '1.4.10', '1.3.1']);
      expect($('[data-compliance]').text().replace(/\s+/g, ' ')).to.contain(
        'partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard',
      );
      expect($('[data-prepared-on]').text()).to.equal('4 December 2026');
      expect($('[data-tested-on]').text()).to.equal('4 December 2026');
    });

    it('says, for each known issue, the check that finds it, and that the checks confirm every issue listed', async () => {
      const $ = cheerio.load((await request(app).get('/accessibility').expect(200)).text);
      const foundBy = $('[data-known-issue] [data-found-by]')
        .map((_, p) => $(p).text().replace(/\s+/g, ' '))
        .get();
      expect(foundBy).to.deep.equal(KNOWN_ISSUES.map((issue) => `Found by: ${issue.check.description}`));
      // Each issue has a check of its own, on at least one named page.
      expect(new Set(KNOWN_ISSUES.map((issue) => issue.check.id)).size).to.equal(KNOWN_ISSUES.length);
      for (const issue of KNOWN_ISSUES) expect(issue.check.pages, issue.summary).not.to.be.empty;
      const tested = $('[data-known-issues-tested]').text().replace(/\s+/g, ' ');
      expect(tested).to.contain('known-issues test suite runs those checks on every run');
      expect(tested).to.contain('confirms each listed problem is still there');
      expect(text((await request(app).get('/accessibility')).text)).not.to.contain(
        'found by reviewing the pages',
      );
    });

    it('says how to report a problem, who runs it and the enforcement procedure', async () => {
      const res = await request(app).get('/accessibility').expect(200);
      const $ = cheerio.load(res.text);
      expect($('a[data-report-problem]').attr('href')).to.equal('/contact');
      expect($('[data-operator-name]').text()).to.equal(OPERATOR.OPERATOR_NAME);
      expect($('[data-operator-contact] a[href^="mailto:"]').attr('href')).to.equal(
        `mailto:${OPERATOR.OPERATOR_EMAIL}`,
      );
      const words = text(res.text);
      expect(words).to.contain('Equality and Human Rights Commission (EHRC)');
      expect(words).to.contain('Equality Advisory and Support Service (EASS)');
      expect($('a[href="https://www.equalityadvisoryservice.com/"]').length).to.equal(1);
      expect(res.headers['content-type']).to.match(/text\/html/);
    });
  });

  describe('the privacy notice', () => {
    it('says every kind of record kept, with the period the daily clean-up deletes it by', async () => {
      const $ = cheerio.load((await request(app).get('/privacy').expect(200)).text);
      // RETENTION's fixed periods, and the referral requests' configured one (six months by default).
      const rules = retentionRules(REFERRAL_RETENTION_DEFAULT_DAYS);
      const kinds = Object.keys(rules);
      expect(kinds).to.include.members(Object.keys(RETENTION));
      expect($('[data-retention]').length).to.equal(kinds.length);
      for (const kind of kinds) {
        const section = $(`[data-retention="${kind}"]`);
        expect(section.find('h3').text(), kind).to.equal(rules[kind].what);
        expect(section.find('[data-period] strong').text(), kind).to.equal(rules[kind].period);
        expect(section.text().replace(/\s+/g, ' '), kind).to.contain(rules[kind].whose);
      }
      expect($('[data-session]').text().replace(/\s+/g, ' ')).to.contain(
        `It ends ${SESSION_IDLE_HOURS} hours after the last page you open`,
      );
    });

    it('names who runs the directory, how to reach them, your rights and that nothing tracks you', async () => {
      const res = await request(app).get('/privacy').expect(200);
      const $ = cheerio.load(res.text);
      expect($('[data-operator-name]').text()).to.equal(OPERATOR.OPERATOR_NAME);
      const contact = $('[data-operator-contact]').text().replace(/\s+/g, ' ');
      for (const value of [OPERATOR.OPERATOR_EMAIL, OPERATOR.OPERATOR_PHONE, OPERATOR.OPERATOR_ADDRESS])
        expect(contact).to.contain(value);
      expect($('a[href="tel:01174960000"]').length).to.equal(1);
      expect($('a[href="https://ico.org.uk/make-a-complaint/"]').text()).to.contain('ICO');
      expect(text(res.text)).to.contain('no analytics, advertising or tracking');
      // Saved lists keep no notes, and the names refused are the ones the saved-list rules refuse.
      const saved = $('[data-saved-lists]').text().replace(/\s+/g, ' ');
      expect(saved).to.contain('never the notes');
      for (const refused of ['123 456 7890', 'BS5 6AW', 'pat@example.org', '07700 900123'])
        expect(checkListName(refused).ok, refused).to.equal(false);
    });
  });

  describe('cookies', () => {
    it('names the one session cookie, its lifetime, and no other', async () => {
      const $ = cheerio.load((await request(app).get('/cookies').expect(200)).text);
      expect($('[data-cookie-name]').text()).to.equal(SESSION_COOKIE);
      expect($('[data-cookie-expires]').text().replace(/\s+/g, ' ')).to.equal(
        `${SESSION_IDLE_HOURS} hours after the last page you open`,
      );
      expect($('[data-no-other-cookies]').text()).to.contain('no other cookies');
    });

    it('sets no cookie on the information pages or a search, and only the session cookie for a form', async () => {
      for (const path of [
        '/accessibility',
        '/privacy',
        '/cookies',
        '/',
        '/search?q=walk',
        '/activities/imported-walk',
      ])
        expect(cookiesSet(await request(app).get(path).expect(200)), path).to.deep.equal([]);
      const agent = request.agent(app);
      const contact = await agent.get('/contact').expect(200);
      expect(cookiesSet(contact)).to.deep.equal([SESSION_COOKIE]);
      const cookie = (contact.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie)
        .to.match(/HttpOnly/i)
        .and.to.match(/SameSite=Lax/i);
      const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie)![1]);
      expect(expires - Date.now()).to.be.within(
        SESSION_IDLE_HOURS * 3_600_000 - 60_000,
        SESSION_IDLE_HOURS * 3_600_000 + 1_000,
      );
      const sent = await agent
        .post('/contact')
        .type('form')
        .send({ _csrf: csrfFrom(contact.text), topic: 'website', message: 'Cookie check', email: '' })
        .expect(200);
      expect(cookiesSet(sent).filter((name) => name !== SESSION_COOKIE)).to.deep.equal([]);
    });
  });

  it('links to all four pages from the footer of every kind of page', async () => {
    const pages: [string, number][] = [
      ['/', 200],
      ['/search?q=walk', 200],
      ['/activities/imported-walk', 200],
      ['/accessibility', 200],
      ['/contact', 200],
      ['/no-such-page', 404],
    ];
    for (const [path, status] of pages) {
      const $ = cheerio.load((await request(app).get(path).expect(status)).text);
      const links = $('footer a')
        .map((_, a) => $(a).attr('href'))
        .get();
      expect(links, path).to.include.members(['/accessibility', '/privacy', '/cookies', '/contact']);
    }
    const $ = cheerio.load((await steward.get('/steward').expect(200)).text);
    expect($('footer a[href="/contact"]').text()).to.equal('Contact');
  });

  describe('the contact page and its feedback form', () => {
    const openFeedback = async () =>
      (await db.query(
        `SELECT topic, message, reply_email, status FROM feedback WHERE status = 'open' ORDER BY id`,
      )) as { topic: string; message: string; reply_email: string | null; status: string }[];

    beforeEach(async () => {
      await db.query('TRUNCATE feedback');
    });

    it('shows the operator, a topic for each feedback topic, a message with a character count and an optional email', async () => {
      const $ = cheerio.load((await request(app).get('/contact').expect(200)).text);
      expect($('title').text()).to.match(/^Contact the directory team/);
      expect($('[data-operator-contact]').text()).to.contain(OPERATOR.OPERATOR_EMAIL);
      expect(
        $('input[name=topic]')
          .map((_, input) => $(input).attr('value'))
          .get(),
      ).to.deep.equal(FEEDBACK_TOPICS.map((topic) => topic.code));
      expect($('.govuk-character-count[data-maxlength=2000] textarea#field-message').length).to.equal(1);
      expect($('input#field-email[type=email]').length).to.equal(1);
      expect($('form input[name=_csrf]').length).to.equal(1);
    });

    it('sends feedback to the stewards, who see it in the queue and mark it handled', async () => {
      const agent = request.agent(app);
      const page = await agent.get('/contact').expect(200);
      const res = await agent
        .post('/contact')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          topic: 'accessibility',
          message: '  The map is hard to use with a screen reader.  ',
          email: ' reader@example.org ',
        })
        .expect(200);
      expect(cheerio.load(res.text)('h1').text()).to.equal('Message sent');
      expect(await openFeedback()).to.deep.equal([
        {
          topic: 'accessibility',
          message: 'The map is hard to use with a screen reader.',
          reply_email: 'reader@example.org',
          status: 'open',
        },
      ]);
      const [{ id }] = (await db.query(`SELECT id::text FROM feedback`)) as { id: string }[];

      const queue = await steward.get('/steward').expect(200);
      let $ = cheerio.load(queue.text);
      expect($('#feedback').text()).to.equal('Feedback (1)');
      const item = $(`[data-feedback="${id}"]`);
      expect(item.text()).to.contain('Accessibility of this website');
      expect(item.find('[data-feedback-message]').text()).to.equal(
        'The map is hard to use with a screen reader.',
      );
      expect(item.find('a[href="mailto:reader@example.org"]').length).to.equal(1);
      expect(item.find('form').attr('action')).to.equal(`/steward/feedback/${id}`);
      // Only the feedback part, when the filter asks for it.
      $ = cheerio.load((await steward.get('/steward?show=feedback').expect(200)).text);
      expect($('#reports, #drafts, #times').length).to.equal(0);
      expect($('#feedback').length).to.equal(1);
      expect($(`[data-feedback="${id}"]`).length).to.equal(1);

      await steward
        .post(`/steward/feedback/${id}`)
        .type('form')
        .send({ _csrf: csrfFrom(queue.text) })
        .expect(302)
        .expect('Location', '/steward#feedback');
      expect(await openFeedback()).to.deep.equal([]);
      const after = cheerio.load((await steward.get('/steward').expect(200)).text);
      expect(after('.govuk-notification-banner').text()).to.contain('Feedback marked as handled.');
      expect(after('#feedback').text()).to.equal('Feedback (0)');
      expect(after(`[data-feedback="${id}"]`).length).to.equal(0);
      // Twice is a 404, not a second audit entry.
      await steward
        .post(`/steward/feedback/${id}`)
        .type('form')
        .send({ _csrf: csrfFrom(queue.text) })
        .expect(404);
      const audit = (await db.query(
        `SELECT action FROM audit_log WHERE entity = 'feedback' AND entity_id = $1 ORDER BY id`,
        [id],
      )) as { action: string }[];
      expect(audit.map((a) => a.action)).to.deep.equal(['send-feedback', 'handle-feedback']);
    });

    it('shows every problem in the error summary, by its field, and keeps what was typed', async () => {
      const agent = request.agent(app);
      const page = await agent.get('/contact').expect(200);
      const message = 'A long message that must not be lost.\nSecond line.';
      const res = await agent
        .post('/contact')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), message, email: 'not an email' })
        .expect(400);
      const $ = cheerio.load(res.text);
      expect($('title').text()).to.match(/^Error: Contact the directory team/);
      expect(
        $('.govuk-error-summary a')
          .map((_, a) => [[$(a).attr('href'), $(a).text()]])
          .get(),
      ).to.deep.equal([
        ['#topic-listing', 'Select what your message is about'],
        [
          '#field-email',
          'Enter an email address in the correct format, like name@example.com, or leave it empty',
        ],
      ]);
      expect($('#error-topic').text()).to.contain('Select what your message is about');
      expect($('fieldset[aria-describedby~="error-topic"]').length).to.equal(1);
      expect($('#field-email').hasClass('govuk-input--error')).to.equal(true);
      expect($('#field-email').attr('value')).to.equal('not an email');
      expect($('#field-message').text().replace(/\r\n/g, '\n')).to.equal(message);
      expect(await openFeedback()).to.deep.equal([]);
    });

    it('refuses an empty or too long message, keeping the topic chosen and the text', async () => {
      const agent = request.agent(app);
      const token = csrfFrom((await agent.get('/contact').expect(200)).text);
      let $ = cheerio.load(
        (
          await agent
            .post('/contact')
            .type('form')
            .send({ _csrf: token, topic: 'privacy', message: '   ', email: '' })
            .expect(400)
        ).text,
      );
      expect($('.govuk-error-summary a').attr('href')).to.equal('#field-message');
      expect($('#error-message').text()).to.contain('Enter your message');
      expect($('#topic-privacy').is('[checked]')).to.equal(true);
      const long = 'x'.repeat(2001);
      $ = cheerio.load(
        (
          await agent
            .post('/contact')
            .type('form')
            .send({ _csrf: token, topic: 'listing', message: long, email: '' })
            .expect(400)
        ).text,
      );
      expect($('#error-message').text()).to.contain('2,000 characters or fewer');
      expect($('#field-message').text()).to.equal(long);
      expect($('#topic-listing').is('[checked]')).to.equal(true);
      expect(await openFeedback()).to.deep.equal([]);
    });

    it('refuses a form not sent from the site (CSRF) and stores nothing from the hidden spam-trap field', async () => {
      await request(app)
        .post('/contact')
        .type('form')
        .send({ topic: 'website', message: 'hello', email: '' })
        .expect(403);
      const agent = request.agent(app);
      const token = csrfFrom((await agent.get('/contact').expect(200)).text);
      const res = await agent
        .post('/contact')
        .type('form')
        .send({
          _csrf: token,
          topic: 'website',
          message: 'buy now',
          email: '',
          website: 'http://spam.example',
        })
        .expect(200);
      expect(cheerio.load(res.text)('h1').text()).to.equal('Message sent');
      expect(await openFeedback()).to.deep.equal([]);
    });

    it(`allows ${RATE_LIMITS.feedbackAddress.points} messages an hour from one address, then answers 429`, async () => {
      const agent = request.agent(app);
      const token = csrfFrom((await agent.get('/contact').expect(200)).text);
      const statuses: number[] = [];
      for (let i = 0; i < RATE_LIMITS.feedbackAddress.points + 2; i++) {
        const res = await agent
          .post('/contact')
          .type('form')
          .send({ _csrf: token, topic: 'website', message: `Message ${i}`, email: '' });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.text).to.contain(RATE_LIMITS.feedbackAddress.refusal);
          expect(Number(res.headers['retry-after'])).to.be.within(1, RATE_LIMITS.feedbackAddress.seconds);
        }
      }
      expect(statuses).to.deep.equal([...Array(RATE_LIMITS.feedbackAddress.points).fill(200), 429, 429]);
      expect((await openFeedback()).length).to.equal(RATE_LIMITS.feedbackAddress.points);
    });
  });
});
