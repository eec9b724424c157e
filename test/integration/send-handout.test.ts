// Sending the handout to the person by email and text message, through the real app on real Postgres. Text
// messages go to a local stand-in for GOV.UK Notify (test/support/notify-stand-in.ts), not the service: it follows
// Notify's documented API and checks its JWT authentication, but sends nothing.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { loadConfig, type KeyedConfig } from '../../src/config.js';
import { SMS_TEMPLATE, smsText } from '../../src/domain/handout-message.js';
import { timedJobs } from '../../src/jobs/timed-jobs.js';
import { createSearchEngines } from '../../src/search/engines.js';
import type { Services } from '../../src/services/index.js';
import { RATE_LIMITS } from '../../src/services/rate-limits.js';
import { csrfFrom, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { buildServices } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';
import { startNotifyStandIn, type NotifyStandIn } from '../support/notify-stand-in.js';
import { createStores } from '../../src/db/stores.js';
import { createServer as createHttpServer } from 'node:http';
import { createNotifySender } from '../../src/services/notify.js';

const TEMPLATE_ID = 'f33517ff-2a88-4f6e-b855-c550268ce08a';

interface MessageRow {
  id: string;
  channel: string;
  status: string;
  recipient: string | null;
  recipient_masked: string;
  body: string;
  share_link: string;
  notify_id: string | null;
  mail_id: string | null;
  attempts: number;
  error: string | null;
}

/** A mail server that accepts everything and keeps it: enough SMTP for nodemailer to hand a message over. */
async function startSmtpSink(): Promise<{ url: string; server: Server; messages: string[] }> {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let data = false;
    let buffer = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') {
            data = false;
            socket.write('250 queued\r\n');
          } else messages[messages.length - 1] += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 sink\r\n');
        else if (/^DATA/i.test(line)) {
          data = true;
          messages.push('');
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, server, messages };
}

describe('sending the handout by email and text message (real app and Postgres; a local stand-in for GOV.UK Notify, not the service)', function () {
  this.timeout(60000);
  let db: DataSource;
  let standIn: NotifyStandIn;

  const configWith = (env: Record<string, string | undefined>): KeyedConfig =>
    testConfig({ ...process.env, SMTP_URL: undefined, NOTIFY_API_KEY: undefined, ...env });

  function appOver(config: KeyedConfig): { app: Express; services: Services } {
    const services = buildServices(db, config);
    return { app: createApp(services), services };
  }

  /** The handout-messages timed job, built as the server builds it, over these services. */
  async function runJob(services: Services) {
    const search = await createSearchEngines({ meili: null }, db);
    const job = timedJobs({
      stores: createStores(db),
      search,
      freshness: services.freshness,
      handouts: services.handouts,
      handoutMessages: services.handoutMessages,
    }).find((j) => j.name === 'handout-messages');
    expect(job, 'a timed job named handout-messages').to.exist;
    return job!.run(new AbortController().signal);
  }

  const messages = async () =>
    (await db.query(
      `SELECT id::text, channel, status, recipient, recipient_masked, body, share_link, notify_id, mail_id::text,
         attempts, error FROM handout_message ORDER BY id`,
    )) as MessageRow[];

  async function shortlist(agent: Agent, ids: string[]) {
    for (const id of ids) {
      const page = await agent.get(`/shortlist/add?id=${id}`).expect(200);
      await agent
        .post('/shortlist/add')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), id })
        .expect(303);
    }
  }

  /** Fills in "Send it to the person" on the shortlist or handout page; the answer, checked for its status. */
  async function send(agent: Agent, fields: Record<string, string>, status: number, from = '/shortlist') {
    const page = await agent.get(from).expect(200);
    return agent
      .post('/shortlist/send')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), from: from === '/shortlist' ? 'shortlist' : 'handout', ...fields })
      .expect(status);
  }

  const flashOf = async (agent: Agent, path = '/shortlist') =>
    cheerio
      .load((await agent.get(path).expect(200)).text)('.govuk-notification-banner__heading')
      .text()
      .trim();

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedLinkWorkerListings(db);
    standIn = await startNotifyStandIn({ [TEMPLATE_ID]: SMS_TEMPLATE });
  });

  beforeEach(async () => {
    await resetAccounts(db);
    await db.query('TRUNCATE handout_message, shared_handout');
  });

  after(async () => {
    await standIn?.close();
  });

  describe('with NOTIFY_API_KEY pointing at the stand-in, and no SMTP_URL', () => {
    let app: Express;
    let services: Services;
    let worker: Agent;

    beforeEach(async () => {
      ({ app, services } = appOver(
        configWith({
          NOTIFY_API_KEY: standIn.apiKey,
          NOTIFY_SMS_TEMPLATE_ID: TEMPLATE_ID,
          NOTIFY_BASE_URL: standIn.url,
        }),
      ));
      ({ agent: worker } = await signedInAgent(app, db, {
        email: 'worker@example.org',
        role: 'link_worker',
      }));
      await shortlist(worker, ['walk', 'tea']);
    });

    it('by email: the mail waits in the outbox with each activity and a share link that opens the handout', async () => {
      const sent = await send(worker, { recipient: 'Patient@Example.org', consent: 'yes' }, 303);
      expect(sent.headers.location).to.equal('/shortlist#send');
      expect(await flashOf(worker)).to.match(/^Email to P\*\*\*@Example\.org is waiting/);

      const mail = (await db.query(
        `SELECT to_address, subject, body, sent_at FROM mail_outbox WHERE subject LIKE 'Activities%'`,
      )) as { to_address: string; subject: string; body: string; sent_at: Date | null }[];
      expect(mail).to.have.length(1);
      expect(mail[0].to_address).to.equal('Patient@Example.org');
      expect(mail[0].body).to.contain('Riverside Walking Group').and.contain('Wednesday Tea, Cake & Chat');
      expect(mail[0].body).to.match(/Next session: Tuesday \d+ \w+, 10am to 11:30am/);
      expect(mail[0].body).to.contain('Where: Easton Community Centre').and.contain('BS5 6AW');
      const link = /https?:\/\/\S+(\/handout\/[A-Za-z0-9_-]{22})/.exec(mail[0].body)![1];
      const opened = cheerio.load((await request(app).get(link).expect(200)).text);
      expect(
        opened('.handout__name')
          .map((_, e) => opened(e).text())
          .get(),
      ).to.deep.equal(['Riverside Walking Group', 'Wednesday Tea, Cake & Chat']);
      // The same link is listed among the worker's share links, where it can be stopped.
      const page = cheerio.load((await worker.get('/shortlist').expect(200)).text);
      expect(page('a[data-share-link]').first().attr('href')).to.equal(link);

      const [row] = await messages();
      expect(row).to.include({ channel: 'email', status: 'waiting', recipient: 'Patient@Example.org' });
      expect(row.recipient_masked).to.equal('P***@Example.org');
    });

    it('by text message: the job hands it to the stand-in with the template and link, polls it to delivered, then keeps only the masked number', async () => {
      const sent = await send(
        worker,
        { recipient: '07700 900123', consent: 'yes' },
        303,
        '/shortlist/handout',
      );
      expect(sent.headers.location).to.equal('/shortlist/handout#send');
      expect(await flashOf(worker, '/shortlist/handout')).to.equal(
        'Text message to 07*** ***123 will be sent within a minute.',
      );
      let [row] = await messages();
      expect(row).to.include({ channel: 'sms', status: 'waiting', recipient: '+447700900123' });

      const before = standIn.received.length;
      expect(await runJob(services)).to.deep.equal({ sent: 1, failed: 0, finished: 0, givenUp: 0 });
      const sms = standIn.received[before];
      expect(sms.template_id).to.equal(TEMPLATE_ID);
      expect(sms.phone_number).to.equal('+447700900123');
      expect(sms.reference).to.equal(`handout-message-${row.id}`);
      expect(Object.keys(sms.personalisation)).to.deep.equal(['link']);
      expect(sms.personalisation.link).to.match(/\/handout\/[A-Za-z0-9_-]{22}$/);
      expect(sms.body).to.equal(smsText(sms.personalisation.link));
      await request(app).get(new URL(sms.personalisation.link).pathname).expect(200);
      [row] = await messages();
      expect(row).to.include({ status: 'sending', notify_id: sms.id, recipient: '+447700900123' });

      // The same run read its status once ("sending", from the stand-in); the next run reads "delivered".
      expect(await runJob(services)).to.include({ finished: 1 });
      [row] = await messages();
      expect(row).to.include({ status: 'delivered', recipient: null, recipient_masked: '07*** ***123' });
      const stored = JSON.stringify(await db.query(`SELECT * FROM handout_message`));
      expect(stored).not.to.contain('900123').and.not.to.contain('447700');
      const reads = standIn.requests.filter((r) => r.path === `/v2/notifications/${sms.id}`);
      expect(reads.map((r) => r.status)).to.deep.equal([200, 200]);
    });

    const LONG_LINK = 'https://activities.example-council.gov.uk/handout/abcdefghijklmnopqrstuv';
    it(`keeps the text message short: ${smsText(LONG_LINK).length} characters with a ${LONG_LINK.length}-character share link, within one 160-character text`, () => {
      const text = smsText(LONG_LINK);
      expect(text).to.equal(`Your link worker has sent you the activities you talked about: ${LONG_LINK}`);
      expect(text.length).to.be.at.most(160);
    });

    it('gives up on a call to Notify that does not answer in time, as one to try again (stand-in that hangs)', async () => {
      const hung = createHttpServer(() => {});
      await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = hung.address() as AddressInfo;
        const sender = createNotifySender(
          { apiKey: standIn.apiKey, smsTemplateId: TEMPLATE_ID, baseUrl: `http://127.0.0.1:${port}` },
          { timeoutMs: 300 },
        )!;
        const started = Date.now();
        const outcome = await sender.send('07700900125', { link: LONG_LINK }, 'hung');
        expect(Date.now() - started).to.be.below(5000);
        expect(outcome).to.include({ ok: false, retry: true });
      } finally {
        hung.closeAllConnections();
        await new Promise<void>((resolve) => hung.close(() => resolve()));
      }
    });

    it('keeps a text message waiting while the stand-in answers 500, and sends it at the next run', async () => {
      await send(worker, { recipient: '07700900124', consent: 'yes' }, 303);
      standIn.failNextWith(500);
      expect(await runJob(services)).to.include({ sent: 0, failed: 0 });
      let [row] = await messages();
      expect(row).to.include({ status: 'waiting', attempts: 1, recipient: '+447700900124' });
      expect(row.error).to.contain('GOV.UK Notify answered 500');
      expect(await runJob(services)).to.include({ sent: 1 });
      [row] = await messages();
      expect(row.status).to.equal('sending');
    });

    it('refuses an empty form, a landline, a malformed address and a missing consent, GOV.UK style, and stores nothing', async () => {
      const cases: [Record<string, string>, string, string][] = [
        [
          { recipient: '', consent: 'yes' },
          'Enter an email address or a UK mobile number',
          '#field-recipient',
        ],
        [{ recipient: '0117 496 0000', consent: 'yes' }, 'Enter a mobile number', '#field-recipient'],
        [
          { recipient: 'patient@example', consent: 'yes' },
          'Enter an email address in the correct format',
          '#field-recipient',
        ],
        [{ recipient: '07700 900125' }, 'Select “The person has agreed to receive this”', '#consent-yes'],
      ];
      for (const [fields, message, href] of cases) {
        const res = await send(worker, fields, 400);
        const $ = cheerio.load(res.text);
        expect($('title').text()).to.match(/^Error: Shortlist/);
        const link = $('.govuk-error-summary__list a');
        expect(link.text()).to.contain(message);
        expect(link.attr('href')).to.equal(href);
        expect($(href).length, `the summary links to ${href}`).to.equal(1);
        expect($('#field-recipient').val()).to.equal(fields.recipient ?? '');
      }
      // From the handout page, the errors come back on the handout page.
      const res = await send(worker, { recipient: 'nope' }, 400, '/shortlist/handout');
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.equal('Activities for you');
      expect($('.govuk-error-summary__list li')).to.have.length(2);
      expect(await messages()).to.deep.equal([]);
    });

    it('refuses anyone not signed in as a link worker or steward, and the page says why', async () => {
      const visitor = request.agent(app);
      await shortlist(visitor, ['walk']);
      const page = cheerio.load((await visitor.get('/shortlist').expect(200)).text);
      expect(page('#send').text()).to.equal('Send it to the person');
      expect(page('input[name=recipient]')).to.have.length(0);
      expect(page('.app-send-handout').text()).to.contain('Link workers and stewards can send');
      await send(visitor, { recipient: '07700 900126', consent: 'yes' }, 403);
      const { agent: organiser } = await signedInAgent(app, db, { email: 'organiser@example.org' });
      await shortlist(organiser, ['walk']);
      await send(organiser, { recipient: '07700 900126', consent: 'yes' }, 403);
      expect(await messages()).to.deep.equal([]);
    });

    it(`limits one address or number to ${RATE_LIMITS.handoutMessageRecipient.points} a day and one account to ${RATE_LIMITS.handoutMessageAccount.points} a day`, async () => {
      for (let i = 0; i < RATE_LIMITS.handoutMessageRecipient.points; i += 1)
        await send(worker, { recipient: '07700 900127', consent: 'yes' }, 303);
      const refused = await send(worker, { recipient: '07700900127', consent: 'yes' }, 429);
      expect(refused.text).to.contain(RATE_LIMITS.handoutMessageRecipient.refusal);

      const { agent: busy } = await signedInAgent(app, db, { email: 'busy@example.org', role: 'steward' });
      await shortlist(busy, ['art']);
      for (let i = 0; i < RATE_LIMITS.handoutMessageAccount.points; i += 1)
        await send(busy, { recipient: `07700 900${String(200 + i)}`, consent: 'yes' }, 303);
      const tooMany = await send(busy, { recipient: '07700 900999', consent: 'yes' }, 429);
      expect(tooMany.text).to.contain(RATE_LIMITS.handoutMessageAccount.refusal);
      expect(await messages()).to.have.length(
        RATE_LIMITS.handoutMessageRecipient.points + RATE_LIMITS.handoutMessageAccount.points,
      );
    });

    it('gives up a message still waiting after 7 days and masks its address, in the outbox too', async () => {
      await send(worker, { recipient: 'late@example.org', consent: 'yes' }, 303);
      const eightDays = new Date(Date.now() + 8 * 24 * 60 * 60 * 1000);
      expect(await services.handoutMessages.deliver(eightDays)).to.include({ givenUp: 1 });
      const [row] = await messages();
      expect(row).to.include({ status: 'failed', recipient: null, error: 'not sent within 7 days' });
      const mail = (await db.query(`SELECT to_address FROM mail_outbox WHERE id = $1`, [row.mail_id])) as {
        to_address: string;
      }[];
      expect(mail[0].to_address).to.equal('l***@example.org');
    });
  });

  describe('with a key the stand-in does not know', () => {
    it('is refused with 403 by the stand-in’s JWT check; the message waits with the error recorded', async () => {
      const wrong = `${standIn.apiKey.slice(0, -36)}00000000-0000-4000-8000-000000000000`;
      const { app, services } = appOver(
        configWith({
          NOTIFY_API_KEY: wrong,
          NOTIFY_SMS_TEMPLATE_ID: TEMPLATE_ID,
          NOTIFY_BASE_URL: standIn.url,
        }),
      );
      const { agent } = await signedInAgent(app, db, { email: 'worker@example.org', role: 'link_worker' });
      await shortlist(agent, ['walk']);
      await send(agent, { recipient: '07700 900128', consent: 'yes' }, 303);
      expect(await runJob(services)).to.include({ sent: 0 });
      const [row] = await messages();
      expect(row).to.include({ status: 'waiting', attempts: 1 });
      expect(row.error).to.contain('403').and.contain('signature');
      expect(standIn.requests.at(-1)).to.include({ method: 'POST', status: 403 });
    });
  });

  describe('without NOTIFY_API_KEY', () => {
    it('keeps text messages waiting, shown to stewards in the mailbox with the number masked', async () => {
      const { app, services } = appOver(configWith({}));
      expect(services.handoutMessages.notifyConfigured).to.equal(false);
      const { agent } = await signedInAgent(app, db, { email: 'worker@example.org', role: 'link_worker' });
      await shortlist(agent, ['walk']);
      const sentBefore = standIn.received.length;
      await send(agent, { recipient: '07700 900129', consent: 'yes' }, 303);
      expect(await flashOf(agent)).to.match(/^Text message to 07\*\*\* \*\*\*129 is waiting/);
      expect(await runJob(services)).to.deep.equal({ sent: 0, failed: 0, finished: 0, givenUp: 0 });
      expect((await messages())[0]).to.include({ status: 'waiting', recipient: '+447700900129' });
      expect(standIn.received.length).to.equal(sentBefore);

      const { agent: steward } = await signedInAgent(app, db, {
        email: 'steward@example.org',
        role: 'steward',
      });
      const $ = cheerio.load((await steward.get('/steward/mailbox').expect(200)).text);
      const section = $('section[aria-label^="Text message"]');
      expect(section).to.have.length(1);
      expect(section.text()).to.contain('07*** ***129').and.contain('waiting');
      expect(section.text()).to.match(/\/handout\/[A-Za-z0-9_-]{22}/);
      expect($.root().text()).not.to.contain('900129');
    });
  });

  describe('with SMTP_URL', () => {
    it('masks the address in the message record and the outbox once the mail server has taken it', async () => {
      const sink = await startSmtpSink();
      try {
        const { app } = appOver(configWith({ SMTP_URL: sink.url }));
        const { agent } = await signedInAgent(app, db, { email: 'worker@example.org', role: 'link_worker' });
        await shortlist(agent, ['walk']);
        await send(agent, { recipient: 'someone@example.org', consent: 'yes' }, 303);
        expect(await flashOf(agent)).to.equal('Email sent to s***@example.org.');
        expect(sink.messages.some((m) => m.includes('Riverside Walking Group'))).to.equal(true);
        const [row] = await messages();
        expect(row).to.include({ status: 'sent', recipient: null, recipient_masked: 's***@example.org' });
        const mail = (await db.query(`SELECT to_address, sent_at FROM mail_outbox WHERE id = $1`, [
          row.mail_id,
        ])) as {
          to_address: string;
          sent_at: Date | null;
        }[];
        expect(mail[0].to_address).to.equal('s***@example.org');
        expect(mail[0].sent_at).to.be.an.instanceOf(Date);
      } finally {
        await new Promise((resolve) => sink.server.close(resolve));
      }
    });

    it('records a mail the server refused as failed, and masks it too', async () => {
      const { app } = appOver(configWith({ SMTP_URL: 'smtp://127.0.0.1:9' }));
      const { agent } = await signedInAgent(app, db, { email: 'worker@example.org', role: 'link_worker' });
      await shortlist(agent, ['walk']);
      await send(agent, { recipient: 'someone@example.org', consent: 'yes' }, 303);
      expect(await flashOf(agent)).to.contain('could not be sent');
      const [row] = await messages();
      expect(row).to.include({ status: 'failed', recipient: null });
    });
  });

  describe('configuration', () => {
    it('refuses to start with NOTIFY_API_KEY but no NOTIFY_SMS_TEMPLATE_ID, saying what to set', () => {
      expect(() => loadConfig({ NOTIFY_API_KEY: standIn.apiKey })).to.throw(
        /NOTIFY_API_KEY is set but NOTIFY_SMS_TEMPLATE_ID is not/,
      );
      expect(() => loadConfig({ NOTIFY_API_KEY: 'not-a-key', NOTIFY_SMS_TEMPLATE_ID: TEMPLATE_ID })).to.throw(
        /not a GOV.UK Notify API key/,
      );
      expect(loadConfig({}).notify).to.deep.equal({
        apiKey: null,
        smsTemplateId: null,
        baseUrl: 'https://api.notifications.service.gov.uk',
      });
    });
  });
});
