// The first start of an empty directory loads the project's sample listings and gazetteer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Stores } from '../db/stores.js';
import { logger } from '../logger.js';
import { runImport, summaryLine } from './run-import.js';

export async function seedDirectory(stores: Stores, seedDir: string, now = new Date()): Promise<string[]> {
  const changed: string[] = [];
  const places = path.join(seedDir, 'places');
  const activities = path.join(seedDir, 'activities');
  if (existsSync(places)) {
    const report = await runImport(stores, places, { format: 'places' });
    logger.info({ places: summaryLine(report) }, 'sample gazetteer loaded');
  }
  if (existsSync(activities)) {
    const report = await runImport(stores, activities, { format: 'hsds', now });
    for (const rejection of report.rejections) logger.warn({ rejection }, 'sample listing rejected');
    for (const warning of report.warnings ?? []) logger.warn({ warning }, 'sample listing value left out');
    changed.push(...report.changedIds);
    logger.info({ activities: summaryLine(report) }, 'sample listings loaded');
  }
  await stores.directory.markSampleData();
  return changed;
}
