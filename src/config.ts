// The only reader of process.env: development defaults, and a fast failure in production.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  production: boolean;
  port: number;
  /** Web processes serving HTTP (node:cluster); 1 serves from the main process itself. */
  webProcesses: number;
  baseUrl: string;
  logLevel: string;
  /** External Postgres; when absent an embedded server is started under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  seedDir: string;
  /** Import seed-data/ on the first start of an empty database. */
  seedOnEmpty: boolean;
  sharedDataDir: string;
  sessionSecret: string;
  /** SMTP server for outgoing mail; without it mail stays in the mail_outbox table (development mailbox). */
  smtpUrl: string | null;
  mailFrom: string;
  meili: { url: string; masterKey: string | null; timeoutMs: number } | null;
}

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = int('PORT', env.PORT, 3000);
  const sessionSecret = env.SESSION_SECRET ?? (production ? '' : 'development-only-session-secret');
  if (production && sessionSecret.length < 32) {
    throw new Error('SESSION_SECRET must be set to at least 32 characters in production');
  }
  return {
    production,
    port,
    webProcesses: int('WEB_CONCURRENCY', env.WEB_CONCURRENCY, 1),
    baseUrl: (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL ?? (env.CI || env.NODE_ENV === 'test' ? 'warn' : 'info'),
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(root, env.DATA_DIR ?? '.data'),
    embeddedPostgresPort: int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329),
    seedDir: path.resolve(root, env.SEED_DIR ?? 'seed-data'),
    seedOnEmpty: bool(env.SEED_ON_EMPTY, true),
    sharedDataDir: path.resolve(root, env.SHARED_DATA_DIR ?? '../shared/data'),
    sessionSecret,
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
