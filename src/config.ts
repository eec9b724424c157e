// The only reader of process.env: development defaults, and a fast failure in production.
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
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
  };
}

export const projectRoot = root;
