// Crawl tests: a second, empty database on the test server for a crawl to fill, and the services as the Open
// Referral UK API gives them, to compare a source directory with its copy.
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { BATCH_CONNECT_TIMEOUT_MS, openDatabase } from '../../src/db/data-source.js';
import { syncVocabulary } from '../../src/db/vocabulary-store.js';
import { testDatabaseUrl } from './database.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The test server's address for another database on it. */
export async function databaseUrl(name: string): Promise<string> {
  const url = new URL(await testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A new, empty database `name` on the test server (dropped first if a run left it), migrated as the test support
 * migrates its own and given the vocabulary, as every start and command does.
 */
export async function emptyDatabase(name: string): Promise<{ dataSource: DataSource; url: string }> {
  const admin = new pg.Client(await testDatabaseUrl());
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = await databaseUrl(name);
  const dataSource = await openDatabase(url, 10, { connectTimeoutMs: BATCH_CONNECT_TIMEOUT_MS });
  await syncVocabulary(dataSource);
  return { dataSource, url };
}

export async function dropDatabase(dataSource: DataSource | undefined, name: string): Promise<void> {
  if (dataSource?.isInitialized) await dataSource.destroy();
  const admin = new pg.Client(await testDatabaseUrl());
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Every service an ORUK API lists, each as its /services/{id} gives it, by id. */
export async function orukServices(api: string): Promise<Map<string, Json>> {
  const list = await fetch(`${api}/services?format=ndjson`);
  const ids = (await list.text())
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as Json).id as string);
  const services = new Map<string, Json>();
  for (const id of ids) {
    const res = await fetch(`${api}/services/${encodeURIComponent(id)}`);
    if (res.status !== 200) throw new Error(`${api}/services/${id} answered ${res.status}`);
    services.set(id, (await res.json()) as Json);
  }
  return services;
}

/** Each stored service's id and content hash (of the listing as imported), each table's count, the listings version. */
export async function storedListings(db: DataSource) {
  const services = (await db.query(
    'SELECT id, content_hash, organization_id, name, status FROM service ORDER BY id',
  )) as Json[];
  const counts: Record<string, number> = {};
  for (const table of [
    'organization',
    'service',
    'location',
    'address',
    'service_at_location',
    'schedule',
    'schedule_cancellation',
    'attribute',
    'contact',
    'phone',
    'cost_option',
    'service_area',
    'session_occurrence',
  ])
    counts[table] = ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;
  // Moved by trigger whenever a commit changes what searches read.
  const version = ((await db.query('SELECT version FROM listings_version')) as { version: number }[])[0]
    ?.version;
  return { services, counts, version };
}

/** Each table's rows in one order, whatever order they were stored in (the order children were written in is not content). */
export const inOrder = (tables: object) =>
  Object.fromEntries(
    Object.entries(tables as Record<string, Json[]>).map(([table, rows]) => [
      table,
      rows.map((row) => JSON.stringify(row)).sort(),
    ]),
  );
