// The first start of an empty directory loads the project's sample listings and gazetteer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { logger } from '../logger.js';
import { runImport, summaryLine } from './run-import.js';

export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const rows = (await dataSource.query(
    'SELECT (SELECT count(*) FROM service) + (SELECT count(*) FROM place) AS n',
  )) as { n: number }[];
  return rows[0].n === 0;
}

export async function seedDirectory(
  dataSource: DataSource,
  seedDir: string,
  now = new Date(),
): Promise<string[]> {
  const changed: string[] = [];
  const places = path.join(seedDir, 'places');
  const activities = path.join(seedDir, 'activities');
  if (existsSync(places)) {
    const report = await runImport(dataSource, places, { format: 'places' });
    logger.info({ places: summaryLine(report) }, 'sample gazetteer loaded');
  }
  if (existsSync(activities)) {
    const report = await runImport(dataSource, activities, { format: 'hsds', now });
    for (const rejection of report.rejections) logger.warn({ rejection }, 'sample listing rejected');
    for (const warning of report.warnings ?? []) logger.warn({ warning }, 'sample listing value left out');
    changed.push(...report.changedIds);
    logger.info({ activities: summaryLine(report) }, 'sample listings loaded');
  }
  await dataSource.query(
    `INSERT INTO directory_metadata (key, value) VALUES ('sample_data', 'true'::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
  );
  return changed;
}
