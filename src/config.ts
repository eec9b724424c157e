// The only reader of process.env: development defaults, and a fast failure in production.
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { sealingKeyProblem } from './domain/sealed-text.js';
import { sessionSecretProblem } from './domain/session-secret.js';

export interface Config {
  production: boolean;
  port: number;
  /** Web processes serving HTTP (node:cluster); 1 serves from the main process itself. */
  webProcesses: number;
  baseUrl: string;
  /** Whether BASE_URL was given; otherwise baseUrl is this machine's own address, useless in e-mails. */
  baseUrlGiven: boolean;
  /** Which proxies' X-Forwarded-* headers to believe (Express "trust proxy"); none unless TRUST_PROXY says. */
  trustProxy: TrustProxy;
  logLevel: string;
  /** External Postgres; when absent an embedded server is started under dataDir. */
  databaseUrl: string | null;
  /** A read replica of that database for searches (the search page, the map, the Open Referral API); never written. */
  databaseReadUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  seedDir: string;
  /** Import seed-data/ on the first start of an empty database. */
  seedOnEmpty: boolean;
  sharedDataDir: string;
  /** Running under continuous integration (CI=true): missing shared data fails a test or benchmark instead of skipping it. */
  ci: boolean;
  /** SESSION_SECRET; null outside production means "use the key kept in dataDir" (see secret-key.ts). */
  sessionSecret: string | null;
  /** SMTP server for outgoing mail; without it mail stays in the mail_outbox table (development mailbox). */
  smtpUrl: string | null;
  mailFrom: string;
  meili: { url: string; masterKey: string | null; timeoutMs: number } | null;
  /** Who runs this directory, as the accessibility statement, privacy notice and contact page name them. */
  operator: Operator;
  /** The area the map shows before anyone searches (DEFAULT_PLACE): a place name or postcode, or null. */
  defaultPlace: string | null;
  /** GOV.UK Notify for text messages (NOTIFY_*); without a key, text messages wait in the stewards' mailbox. */
  notify: NotifySettings;
  /** The sites that may frame the embeddable search (EMBED_ALLOWED_ORIGINS), as origins; null means any site. */
  embedAllowedOrigins: string[] | null;
  /** REFERRAL_KEY (32 bytes, base64) sealing referral requests' personal details; null outside production means
   * "use the key kept in dataDir" (see referral-key.ts). */
  referralKey: string | null;
  /** REFERRAL_RETENTION_DAYS: how long a referral request keeps the person's details before they are erased. */
  referralRetentionDays: number;
}

/** GOV.UK Notify: the API key (null: text messages wait), the text message template, and the API's address. */
export interface NotifySettings {
  apiKey: string | null;
  smsTemplateId: string | null;
  baseUrl: string;
}

export const NOTIFY_API_URL = 'https://api.notifications.service.gov.uk';

/** The organisation running the directory and how the public reaches it (OPERATOR_* settings). */
export interface Operator {
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
}

/** Express's "trust proxy": a hop count, true (any), or addresses and subnets such as "loopback". */
export type TrustProxy = boolean | number | string[];

/** Config once the session secret is known: the one every process and command that signs links runs with. */
export type KeyedConfig = Config & { sessionSecret: string };

/** The folder holding package.json, views and seed-data, whether running from src/ or compiled dist/. */
function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const root = findRoot(import.meta.dirname);

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address or subnet as Express (proxy-addr) takes it: "10.0.0.0/8", "::1", "192.168.0.0/255.255.0.0". */
function isProxyAddress(value: string): boolean {
  if (PROXY_NAMES.includes(value)) return true;
  const [address, range, extra] = value.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

function trustProxy(value: string | undefined): TrustProxy {
  const given = value?.trim() ?? '';
  if (given === '' || given.toLowerCase() === 'false') return false;
  if (given.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(given)) return Number(given);
  const items = given.split(',').map((item) => item.trim());
  const wrong = items.find((item) => !isProxyAddress(item));
  if (wrong !== undefined)
    throw new Error(
      `TRUST_PROXY must be a hop count, true, or addresses and subnets like "loopback, 10.0.0.0/8", and "${wrong}" is none of these`,
    );
  return items;
}

/** The public address every link that leaves the site is built on (never the request's Host header). */
function baseUrl(value: string | undefined, port: number): string {
  if (!value) return `http://localhost:${port}`;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username)
    throw new Error(
      `BASE_URL must be the site's public address, like https://directory.example.org, not "${value}"`,
    );
  return value.replace(/\/+$/, '');
}

/** A PostgreSQL connection URL, said wrong in one sentence rather than by the driver on the first search. */
function postgresUrl(name: string, value: string | undefined): string | null {
  if (!value) return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !['postgres:', 'postgresql:'].includes(url.protocol) || !url.hostname)
    throw new Error(`${name} must be a PostgreSQL address like postgres://user:password@host:5432/directory`);
  return value;
}

function sessionSecret(value: string | undefined, production: boolean): string | null {
  if (!value) {
    // Several machines must share one secret, so production cannot make up its own.
    if (production)
      throw new Error(
        'SESSION_SECRET must be set in production, to the same random value (32 characters or more) on every machine',
      );
    return null;
  }
  const problem = sessionSecretProblem(value);
  if (problem) throw new Error(`SESSION_SECRET ${problem}.`);
  return value;
}

/** The operator's details; examples that say so outside production, where name and e-mail are required. */
function operator(env: NodeJS.ProcessEnv, production: boolean): Operator {
  const name = env.OPERATOR_NAME?.trim() ?? '';
  const email = env.OPERATOR_EMAIL?.trim() ?? '';
  if (production && (!name || !email))
    throw new Error(
      'OPERATOR_NAME and OPERATOR_EMAIL must be set in production: the accessibility statement, privacy notice and contact page name who runs the directory and how to reach them',
    );
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new Error(`OPERATOR_EMAIL must be an email address like directory@example.org, not "${email}"`);
  return {
    name: name || 'Example Community Directory (set OPERATOR_NAME)',
    email: email || 'set-operator-email@example.org',
    phone: env.OPERATOR_PHONE?.trim() || null,
    address: env.OPERATOR_ADDRESS?.trim() || null,
  };
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** NOTIFY_API_KEY is "name-serviceid-secret"; a key is of no use without the template it sends. */
function notify(env: NodeJS.ProcessEnv): NotifySettings {
  const apiKey = env.NOTIFY_API_KEY?.trim() || null;
  const smsTemplateId = env.NOTIFY_SMS_TEMPLATE_ID?.trim() || null;
  const baseUrl = (env.NOTIFY_BASE_URL?.trim() || NOTIFY_API_URL).replace(/\/+$/, '');
  if (apiKey && !new RegExp(`-${UUID}-${UUID}$`, 'i').test(apiKey))
    throw new Error(
      'NOTIFY_API_KEY is not a GOV.UK Notify API key: copy the whole key, which ends in the service id and the secret (two ids of 36 characters)',
    );
  if (apiKey && !smsTemplateId)
    throw new Error(
      'NOTIFY_API_KEY is set but NOTIFY_SMS_TEMPLATE_ID is not: set it to the id of the text message template in GOV.UK Notify (the README says what the template must say)',
    );
  if (smsTemplateId && !new RegExp(`^${UUID}$`, 'i').test(smsTemplateId))
    throw new Error(
      `NOTIFY_SMS_TEMPLATE_ID must be a template id like 00000000-0000-0000-0000-000000000000, not "${smsTemplateId}"`,
    );
  if (!/^https?:\/\//.test(baseUrl))
    throw new Error(`NOTIFY_BASE_URL must be an http(s) address, not "${baseUrl}"`);
  return { apiKey, smsTemplateId, baseUrl };
}

/** Comma-separated origins like "https://practice.example.nhs.uk"; empty or "*" lets any site frame /embed. */
function embedAllowedOrigins(value: string | undefined): string[] | null {
  const items = (value ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0 || (items.length === 1 && items[0] === '*')) return null;
  return items.map((item) => {
    let url: URL | null = null;
    try {
      url = new URL(item);
    } catch {
      // reported below
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== item.replace(/\/$/, ''))
      throw new Error(
        `EMBED_ALLOWED_ORIGINS must list site addresses like https://practice.example.org (scheme and host, no path), not "${item}"`,
      );
    return url.origin;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = int('PORT', env.PORT, 3000);
  const ci = bool(env.CI, false);
  return {
    production,
    port,
    webProcesses: int('WEB_CONCURRENCY', env.WEB_CONCURRENCY, 1),
    baseUrl: baseUrl(env.BASE_URL, port),
    baseUrlGiven: Boolean(env.BASE_URL),
    trustProxy: trustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? (ci || env.NODE_ENV === 'test' ? 'warn' : 'info'),
    databaseUrl: env.DATABASE_URL || null,
    databaseReadUrl: postgresUrl('DATABASE_READ_URL', env.DATABASE_READ_URL),
    dataDir: path.resolve(root, env.DATA_DIR ?? '.data'),
    embeddedPostgresPort: int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329),
    seedDir: path.resolve(root, env.SEED_DIR ?? 'seed-data'),
    seedOnEmpty: bool(env.SEED_ON_EMPTY, true),
    sharedDataDir: path.resolve(root, env.SHARED_DATA_DIR ?? '../shared/data'),
    ci,
    sessionSecret: sessionSecret(env.SESSION_SECRET, production),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? 'Community Activity Directory <no-reply@localhost>',
    meili: env.MEILI_URL
      ? {
          url: env.MEILI_URL,
          masterKey: env.MEILI_MASTER_KEY || null,
          timeoutMs: int('MEILI_TIMEOUT_MS', env.MEILI_TIMEOUT_MS, 1500),
        }
      : null,
    operator: operator(env, production),
    defaultPlace: env.DEFAULT_PLACE?.trim().replace(/\s+/g, ' ') || null,
    notify: notify(env),
    embedAllowedOrigins: embedAllowedOrigins(env.EMBED_ALLOWED_ORIGINS),
    referralKey: referralKey(env.REFERRAL_KEY, production),
    referralRetentionDays: referralRetentionDays(env.REFERRAL_RETENTION_DAYS),
  };
}

function referralRetentionDays(value: string | undefined): number {
  const days = int('REFERRAL_RETENTION_DAYS', value, 183);
  if (days < 1) throw new Error('REFERRAL_RETENTION_DAYS must be 1 or more');
  return days;
}

function referralKey(value: string | undefined, production: boolean): string | null {
  if (!value) {
    // Every machine must open what another sealed, so production cannot make up its own key.
    if (production)
      throw new Error(
        'REFERRAL_KEY must be set in production, to the same 32 random bytes in base64 on every machine (openssl rand -base64 32)',
      );
    return null;
  }
  const problem = sealingKeyProblem(value);
  if (problem) throw new Error(`REFERRAL_KEY ${problem}`);
  return value.trim();
}

export const projectRoot = root;

/** Whether NODE_ENV says production: read before the rest of config, by the logger as it is made. */
export const runsInProduction = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.NODE_ENV === 'production';
