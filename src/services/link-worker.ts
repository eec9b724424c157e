// The link worker's tools: calendars, shortlist handouts and their share links, referral counts and reports.
import type { DataSource } from 'typeorm';
import type { KeyedConfig } from '../config.js';
import { createActivityDetails } from './activity-details.js';
import { createCalendars } from './calendars.js';
import { createHandouts } from './handouts.js';
import { createReferrals } from './referrals.js';
import { createReports } from './reports.js';

export function createLinkWorkerServices(dataSource: DataSource, config: KeyedConfig) {
  return {
    calendars: createCalendars(dataSource, config.baseUrl),
    handouts: createHandouts(
      dataSource,
      createActivityDetails(dataSource),
      config.baseUrl,
      config.sessionSecret,
    ),
    referrals: createReferrals(dataSource),
    reports: createReports(dataSource),
  };
}
