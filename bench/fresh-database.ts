// Every benchmark starts from the same place: an empty schema, migrated, with the directory's vocabulary.
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../src/db/data-source.js';
import { syncVocabulary } from '../src/db/vocabulary-store.js';
import { importListings } from '../src/importer/import-listings.js';
import { storePlaces } from '../src/db/place-store.js';
import { activitiesOf, type District, type GeneratedActivity } from './generate-activities.js';
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

/**
 * Generates and imports activities through the importers' own path a chunk at a time (a multiple of four, so
 * each organisation's activities share a chunk), handing each to `seen` first; memory stays bounded at any
 * count.
 */
export async function importGenerated(
  db: DataSource,
  {
    count,
    districts,
    seed = 42,
    now,
    seen,
  }: {
    count: number;
    districts: District[];
    seed?: number;
    now?: Date;
    seen?: (activity: GeneratedActivity) => void;
  },
): Promise<void> {
  const stores = createStores(db);
  const chunk: GeneratedActivity[] = [];
  let index = 0;
  const flush = async () => {
    await importListings(
      stores,
      {
        listings: chunk.map((g) => ({ listing: g.listing, position: { file: 'generated', index: index++ } })),
        rejections: [],
      },
      { source: 'bench', batchSize: 2000, now },
    );
    chunk.length = 0;
  };
  for (const activity of activitiesOf(count, districts, seed)) {
    seen?.(activity);
    chunk.push(activity);
    if (chunk.length === 20000) await flush();
  }
  if (chunk.length) await flush();
}
