// One TypeORM DataSource over the configured Postgres; the schema comes from migrations only.
import pg from 'pg';
import { DataSource } from 'typeorm';
import { entities, PostgresNamingStrategy } from './entities/index.js';
import { DirectorySchema1764000000000 } from './migrations/1764000000000-directory-schema.js';
import { SearchRanking1764050000000 } from './migrations/1764050000000-search-ranking.js';
import { GroupsAccounts1764100000000 } from './migrations/1764100000000-groups-accounts.js';
import { SearchOutbox1764170000000 } from './migrations/1764170000000-search-outbox.js';
import { PlaceGazetteerScale1764413000000 } from './migrations/1764413000000-place-gazetteer-scale.js';
import { OrukApiIndexes1764420000000 } from './migrations/1764420000000-oruk-api-indexes.js';
import { Referrals1764500000000 } from './migrations/1764500000000-referrals.js';
import { ListingsVersion1764600000000 } from './migrations/1764600000000-listings-version.js';
import { SearchCandidates1764700000000 } from './migrations/1764700000000-search-candidates.js';
import { OrganizationDrafts1764800000000 } from './migrations/1764800000000-organization-drafts.js';
import { ClaimConcerns1764810000000 } from './migrations/1764810000000-claim-concerns.js';
import { SharedHandouts1764820000000 } from './migrations/1764820000000-shared-handouts.js';
import { AccountProtection1764830000000 } from './migrations/1764830000000-account-protection.js';
import { ReviewConfirmation1764840000000 } from './migrations/1764840000000-review-confirmation.js';
import { ListingsVersionAtCommit1764850000000 } from './migrations/1764850000000-listings-version-at-commit.js';
import { SearchListIndexes1764852000000 } from './migrations/1764852000000-search-list-indexes.js';
import { SearchWindow1764860000000 } from './migrations/1764860000000-search-window.js';
import { PlacelessEntries1764861000000 } from './migrations/1764861000000-placeless-entries.js';
import { PlaceSectorsVersion1764862000000 } from './migrations/1764862000000-place-sectors-version.js';
import { SearchTextFields1764863000000 } from './migrations/1764863000000-search-text-fields.js';
import { DescribedTimes1764864000000 } from './migrations/1764864000000-described-times.js';
import { SearchAllWords1764865000000 } from './migrations/1764865000000-search-all-words.js';
import { WordRarity1764866000000 } from './migrations/1764866000000-word-rarity.js';
import { SearchAnyPhrase1764867000000 } from './migrations/1764867000000-search-any-phrase.js';
import { OrganisationRequests1764871500000 } from './migrations/1764871500000-organisation-requests.js';
import { FeedCrawls1764872000000 } from './migrations/1764872000000-feed-crawls.js';
import { Feedback1764885000000 } from './migrations/1764885000000-feedback.js';
import { RegisteredFeeds1764873000000 } from './migrations/1764873000000-registered-feeds.js';
import { ListingSources1764874000000 } from './migrations/1764874000000-listing-sources.js';
import { ListingMerges1764886000000 } from './migrations/1764886000000-listing-merges.js';
import { SavedLists1764887000000 } from './migrations/1764887000000-saved-lists.js';
import { HandoutMessages1764888000000 } from './migrations/1764888000000-handout-messages.js';
import { ReferralRequests1764889000000 } from './migrations/1764889000000-referral-requests.js';

// Calendar dates stay 'YYYY-MM-DD' strings (no time-zone shift); counts are plain numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export const migrations = [
  DirectorySchema1764000000000,
  SearchRanking1764050000000,
  GroupsAccounts1764100000000,
  SearchOutbox1764170000000,
  PlaceGazetteerScale1764413000000,
  OrukApiIndexes1764420000000,
  Referrals1764500000000,
  ListingsVersion1764600000000,
  SearchCandidates1764700000000,
  OrganizationDrafts1764800000000,
  ClaimConcerns1764810000000,
  SharedHandouts1764820000000,
  AccountProtection1764830000000,
  ReviewConfirmation1764840000000,
  ListingsVersionAtCommit1764850000000,
  SearchListIndexes1764852000000,
  SearchWindow1764860000000,
  PlacelessEntries1764861000000,
  PlaceSectorsVersion1764862000000,
  SearchTextFields1764863000000,
  DescribedTimes1764864000000,
  SearchAllWords1764865000000,
  WordRarity1764866000000,
  SearchAnyPhrase1764867000000,
  OrganisationRequests1764871500000,
  FeedCrawls1764872000000,
  RegisteredFeeds1764873000000,
  ListingSources1764874000000,
  Feedback1764885000000,
  ListingMerges1764886000000,
  SavedLists1764887000000,
  HandoutMessages1764888000000,
  ReferralRequests1764889000000,
];

/** Fail fast when the database is down: a web request answers 503 in under 2 s rather than hanging. */
export const REQUEST_CONNECT_TIMEOUT_MS = 1500;
/**
 * Commands and tests wait longer: a pool's connect timer also runs while the process's own synchronous work
 * (converting and hashing a 2,000-activity batch) blocks the event loop, and it fires before the socket is read
 * even when Postgres answered in time; 1.5 s was measured to run out that way on a loaded machine.
 */
export const BATCH_CONNECT_TIMEOUT_MS = 30000;

export function createDataSource(
  url: string,
  poolSize = 20,
  connectTimeoutMs = REQUEST_CONNECT_TIMEOUT_MS,
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    namingStrategy: new PostgresNamingStrategy(),
    migrations,
    synchronize: false,
    // The migrations create the extensions; connecting never runs DDL.
    installExtensions: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: connectTimeoutMs,
      statement_timeout: 30000,
      // A server that stops answering mid-query (no error, no close) still releases the request.
      query_timeout: 35000,
      // Near misses for mistyped place names: a one-letter slip in a short name falls below pg_trgm's default of 0.6.
      options: '-c pg_trgm.word_similarity_threshold=0.5',
    },
  });
}

/** With `migrate: false` (web processes started by the main one, which has migrated) it only connects. */
export async function openDatabase(
  url: string,
  poolSize?: number,
  options: { migrate?: boolean; connectTimeoutMs?: number } = {},
): Promise<DataSource> {
  const dataSource = createDataSource(url, poolSize, options.connectTimeoutMs);
  await dataSource.initialize();
  if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/**
 * The read replica searches use (DATABASE_READ_URL), or the database itself when there is none. Never migrated:
 * a replica replays the primary's schema, and refuses writes.
 */
export async function openReadDatabase(
  readUrl: string | null,
  primary: DataSource,
  poolSize?: number,
): Promise<DataSource> {
  if (!readUrl) return primary;
  return openDatabase(readUrl, poolSize, { migrate: false });
}
