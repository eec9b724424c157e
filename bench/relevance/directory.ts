// The directory the relevance benchmark searches: the sample listings and the real shared feeds, loaded
// through the project's own importers into a database of its own, with the gazetteer they need.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { migrations, openDatabase } from '../../src/db/data-source.js';
import { runImport, summaryLine } from '../../src/importer/run-import.js';
import { openFreshDatabase } from '../fresh-database.js';
import { createStores } from '../../src/db/stores.js';
import { syncVocabulary } from '../../src/db/vocabulary-store.js';

/** One import: a path under the shared data (or the project), its format and column mapping. */
interface Source {
  label: string;
  file: string;
  format: string;
  mapping?: string;
  /** The file is the project's own (seed-data), not the shared data. */
  own?: boolean;
  /** The areas the feed covers (--covers), for its listings without a place. */
  covers?: string[];
}

const MAPPINGS = 'seed-data/templates/mappings';

/** A shared spreadsheet read through the column mapping shipped for it. */
const csvList = (label: string, file: string, mapping: string): Source => ({
  label,
  file: `activities/${file}`,
  format: 'csv',
  mapping: `${MAPPINGS}/${mapping}.json`,
});

/** The gazetteer first: the spreadsheet importers place rows by postcode. */
export const SOURCES: Source[] = [
  // The sample gazetteer first, so the official files correct its approximate points.
  { label: 'sample gazetteer', file: 'seed-data/places', format: 'places', own: true },
  { label: 'postcode districts', file: 'geo/outcodes-codepoint-open-2025-10.csv', format: 'outcodes' },
  { label: 'Code-Point Open postcodes', file: 'geo/codepo_gb-2025-10.tar.gz', format: 'codepoint' },
  { label: 'GeoNames places', file: 'geo/geonames-GB-postal.txt', format: 'geonames' },
  { label: 'sample listings', file: 'seed-data/activities', format: 'hsds', own: true },
  {
    label: 'Bristol ORUK v1 feed',
    file: 'activities/oruk-v1-bristol-services-2024-12.json',
    format: 'oruk-v1',
    // Bristol's directory lists South Gloucestershire's services too (Yate, Kingswood, Thornbury).
    covers: ['Bristol', 'South Gloucestershire=BS37'],
  },
  csvList('GM food banks', 'trafford-food_banks_gm_food_banks.csv', 'trafford-food-banks'),
  csvList('GM libraries', 'trafford-libraries_gm_libraries.csv', 'trafford-gm-libraries'),
  csvList(
    'Trafford mental health services',
    'trafford-mental_health_trafford_mental_health_services.csv',
    'trafford-mental-health',
  ),
  csvList('Trafford sports clubs', 'trafford-sports_clubs_sports_clubs.csv', 'trafford-sports-clubs'),
  csvList(
    'Trafford sport facilities',
    'trafford-sport_facilities_sports_facilities.csv',
    'trafford-sport-facilities',
  ),
  csvList(
    'public libraries (Libraries Hacked)',
    'librarieshacked-libraries.csv',
    'librarieshacked-libraries',
  ),
];

/** Raised when what a load records changes, so an older reused directory is loaded again. */
const LOAD_RECORD_VERSION = 2;

const where = (source: Source, sharedDataDir: string) =>
  source.own ? path.resolve(source.file) : path.join(sharedDataDir, source.file);

/** The shared files the benchmark needs that are not there; empty when all are. */
export function missingSources(sharedDataDir: string): string[] {
  return SOURCES.filter((s) => !existsSync(where(s, sharedDataDir))).map((s) => where(s, sharedDataDir));
}

/**
 * What a loaded database holds, as one string: the files (size and time), the mappings' contents, the
 * migrations and the import date. A reused database must match it, or the figures would describe other data.
 */
export function datasetFingerprint(sharedDataDir: string, now: Date): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    const file = where(source, sharedDataDir);
    const info = statSync(file);
    hash.update(`${source.file}|${source.format}|${info.size}|${info.mtimeMs}|${source.covers ?? ''}\n`);
    if (source.mapping) hash.update(readFileSync(source.mapping));
  }
  hash.update(migrations.map((m) => m.name).join(','));
  hash.update(`load record ${LOAD_RECORD_VERSION}`);
  hash.update(now.toISOString());
  return hash.digest('hex').slice(0, 16);
}

export interface LoadedSource {
  label: string;
  summary: string;
  seconds: number;
}

/** What a load did, kept in the database so a reused directory can still say it. */
export interface DirectoryLoad {
  fingerprint: string;
  listings: number;
  seconds: number;
  sources: LoadedSource[];
}

/** Imports every source in order, each through the importer the CLI uses; a source that fails stops the load. */
async function loadDirectory(
  db: DataSource,
  sharedDataDir: string,
  now: Date,
  onLoaded: (loaded: LoadedSource) => void,
): Promise<LoadedSource[]> {
  const loaded: LoadedSource[] = [];
  for (const source of SOURCES) {
    const started = performance.now();
    const report = await runImport(createStores(db), where(source, sharedDataDir), {
      format: source.format,
      mapping: source.mapping,
      covers: source.covers,
      now,
    });
    const entry = {
      label: source.label,
      summary: summaryLine(report),
      seconds: (performance.now() - started) / 1000,
    };
    loaded.push(entry);
    onLoaded(entry);
  }
  await db.query('ANALYZE');
  return loaded;
}

const LOAD_KEY = 'relevance_dataset';

/**
 * The directory to measure: with `reuse`, the one an earlier run loaded if it holds the same files, mappings and
 * migrations; otherwise a fresh schema loaded from every source.
 */
export async function openJudgedDirectory(
  url: string,
  options: { sharedDataDir: string; now: Date; reuse: boolean; say: (line: string) => void },
): Promise<{ db: DataSource; load: DirectoryLoad; reused: boolean }> {
  const { sharedDataDir, now, say } = options;
  const fingerprint = datasetFingerprint(sharedDataDir, now);
  if (options.reuse) {
    const db = await openDatabase(url, 4).catch(() => null);
    const rows = db
      ? ((await db
          .query(`SELECT value FROM directory_metadata WHERE key = $1`, [LOAD_KEY])
          .catch(() => [])) as { value: DirectoryLoad }[])
      : [];
    if (db && rows[0]?.value.fingerprint === fingerprint) {
      // As the server does on start: a changed vocabulary reaches the listings carrying its terms.
      await syncVocabulary(db);
      return { db, load: rows[0].value, reused: true };
    }
    await db?.destroy();
    say('no directory with the same data to reuse: loading it');
  }
  const db = await openFreshDatabase(url, 4);
  const started = performance.now();
  const sources = await loadDirectory(db, sharedDataDir, now, (l) =>
    say(`  ${l.label.padEnd(36)} ${l.summary} (${l.seconds.toFixed(1)} s)`),
  );
  const listings = ((await db.query(`SELECT count(*) AS n FROM service`)) as { n: number }[])[0].n;
  const load: DirectoryLoad = {
    fingerprint,
    listings,
    seconds: (performance.now() - started) / 1000,
    sources,
  };
  await db.query(
    `INSERT INTO directory_metadata (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [LOAD_KEY, JSON.stringify(load)],
  );
  return { db, load, reused: false };
}

/** The load in one line, for the report. */
export const describeLoad = (load: DirectoryLoad) =>
  `${load.sources.length} sources, ${load.listings} listings, loaded in ${load.seconds.toFixed(0)} s`;
