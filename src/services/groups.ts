// The use cases community groups, link workers and stewards need: accounts, editing, moderation, freshness.
import type { DataSource } from 'typeorm';
import type { KeyedConfig } from '../config.js';
import { createAccounts } from './accounts.js';
import { createFreshness } from './freshness.js';
import { createListingsEditor } from './listings-editor.js';
import { createMailer } from './mail.js';
import { createModeration } from './moderation.js';
import { createOrganisations } from './organisations.js';
import { createRateLimits } from './rate-limits.js';

export function createGroupServices(dataSource: DataSource, config: KeyedConfig) {
  const mailer = createMailer(dataSource, config);
  const settings = {
    sessionSecret: config.sessionSecret,
    production: config.production,
    baseUrl: config.baseUrl,
    trustProxy: config.trustProxy,
  };
  const listingsEditor = createListingsEditor(dataSource);
  const rateLimits = createRateLimits(dataSource, config.sessionSecret);
  return {
    settings,
    mailer,
    rateLimits,
    accounts: createAccounts(dataSource, mailer, settings, { rateLimits }),
    listingsEditor,
    moderation: createModeration(dataSource, listingsEditor, mailer, settings),
    organisations: createOrganisations(dataSource),
    freshness: createFreshness(dataSource, mailer, settings),
    /** The pg pool under TypeORM, shared with the session store so sessions use the same database. */
    sessionPool: () => (dataSource.driver as unknown as { master: import('pg').Pool }).master,
  };
}
