// Every benchmark starts from the same place: an empty schema, migrated, with the directory's vocabulary.
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../src/db/data-source.js';
import { syncVocabulary } from '../src/db/vocabulary-store.js';
import { importListings } from '../src/importer/import-listings.js';
import { storePlaces } from '../src/db/place-store.js';
import type { District, GeneratedActivity } from './generate-activities.js';
import { createStores } from '../src/db/stores.js';

export async function openFreshDatabase(url: string, poolSize = 8): Promise<DataSource> {
  const admin = new pg.Client(url);
  await admin.connect();
  await admin.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await admin.end();
  const db = await openDatabase(url, poolSize);
  await syncVocabulary(db);
  return db;
}

/** Loads generated activities through the importers' own path, and the districts they were placed in. */
export async function loadGeneratedDirectory(
  db: DataSource,
  generated: GeneratedActivity[],
  districts: District[],
  now?: Date,
): Promise<void> {
  await importListings(
    createStores(db),
    {
      listings: generated.map((g, index) => ({ listing: g.listing, position: { file: 'generated', index } })),
      rejections: [],
    },
    { source: 'bench', batchSize: 2000, now },
  );
  await storePlaces(
    db,
    districts.map((d) => ({
      kind: 'outcode',
      key: d.outcode,
      name: d.outcode,
      area: null,
      latitude: d.latitude,
      longitude: d.longitude,
    })),
  );
}
