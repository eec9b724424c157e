// Helpers for tests that sign in through the real forms: read the CSRF token, register, confirm, sign in.
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { addMember } from '../../src/db/account-store.js';
import { recentMail } from '../../src/db/mail-store.js';
import { createStores } from '../../src/db/stores.js';
import type { Role } from '../../src/domain/account.js';
import { publicLinks } from '../../src/domain/public-links.js';
import { createAccounts, type PasswordHasher } from '../../src/services/accounts.js';
import { createMailer } from '../../src/services/mail.js';
import { testConfig } from './config.js';

export type Agent = ReturnType<typeof request.agent>;

/** Accounts over the test database as the server builds them, with mail kept in the development mailbox. */
export function testAccounts(db: DataSource, options: { hasher?: PasswordHasher } = {}) {
  const stores = createStores(db);
  const config = testConfig();
  return createAccounts(
    stores,
    createMailer(stores, { smtpUrl: null, mailFrom: 'test@localhost' }),
    { sessionSecret: config.sessionSecret, links: publicLinks(config.baseUrl) },
    options,
  );
}

export function csrfFrom(html: string): string {
  const token = cheerio.load(html)('input[name=_csrf]').first().val();
  if (typeof token !== 'string' || !token) throw new Error('no _csrf field on the page');
  return token;
}

/** A GET of a page with a form, then the form's CSRF token. */
export async function csrfToken(agent: Agent, path: string): Promise<string> {
  const res = await agent.get(path).expect(200);
  return csrfFrom(res.text);
}

/** The path of the newest link to `pathPrefix` mailed to this address (the development mailbox). */
export async function mailedLink(db: DataSource, to: string, pathPrefix: string): Promise<string> {
  for (const mail of await recentMail(db, 20, to)) {
    const link = new RegExp(`https?://[^/\\s]+(${pathPrefix}[\\w.~%-]+)`).exec(mail.body)?.[1];
    if (link) return link;
  }
  throw new Error(`no mail to ${to} with a link to ${pathPrefix}`);
}

/** Registers through the form, opens the confirmation link from the mailbox and signs in: as a person would. */
export async function registerThroughForms(
  app: Express,
  db: DataSource,
  options: { email: string; password?: string; organisation?: string },
): Promise<Agent> {
  const password = options.password ?? 'correct horse battery';
  const agent = request.agent(app);
  let token = await csrfToken(agent, '/account/register');
  await agent
    .post('/account/register')
    .type('form')
    .send({
      _csrf: token,
      email: options.email,
      password,
      confirmPassword: password,
      organisation: options.organisation ?? '',
    })
    .expect(200);
  const link = await mailedLink(db, options.email, '/account/confirm-email/');
  token = await csrfToken(agent, link);
  await agent.post(link).type('form').send({ _csrf: token }).expect(302);
  token = await csrfToken(agent, '/account/sign-in');
  await agent
    .post('/account/sign-in')
    .type('form')
    .send({ _csrf: token, email: options.email, password })
    .expect(302);
  return agent;
}

/** Creates an account directly (fast, confirmed, as `npm run create-user` does) and signs it in through the form. */
export async function signedInAgent(
  app: Express,
  db: DataSource,
  options: { email: string; password?: string; role?: Role; organizationIds?: string[]; trusted?: boolean },
): Promise<{ agent: Agent; userId: string }> {
  const password = options.password ?? 'correct horse battery';
  const accounts = testAccounts(db);
  const created = await accounts.createAccount({
    email: options.email,
    password,
    role: options.role ?? 'organiser',
    trusted: options.trusted,
  });
  if (!created.ok) throw new Error(`could not create ${options.email}`);
  for (const id of options.organizationIds ?? []) await addMember(db, created.user.id, id);
  const agent = request.agent(app);
  const token = await csrfToken(agent, '/account/sign-in');
  await agent
    .post('/account/sign-in')
    .type('form')
    .send({ _csrf: token, email: options.email, password })
    .expect(302);
  return { agent, userId: created.user.id };
}

export async function resetAccounts(db: DataSource): Promise<void> {
  await db.query(
    `TRUNCATE user_account, organization_member, http_session, rate_limit, listing_draft, audit_log,
       claim_request, problem_report, freshness_flag, mail_outbox, used_token CASCADE`,
  );
}
