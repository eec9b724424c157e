import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ListingsVersion1764600000000,
  unwatchListings,
  watchListings,
} from './1764600000000-listings-version.js';
import { createVersionAtCommit, dropVersionAtCommit } from './version-at-commit.js';

// The listings version moves when a change commits, in the same transaction, so whoever sees the version also
// sees the change: a web process reading a read replica, or a search that ran while an import batch was still
// open. (A sequence moved at the first statement, before the change could be seen, and a replica replays a
// sequence only every 32 values.) Each changing transaction records itself once in listings_change; a deferred
// trigger on that row bumps the one-row listings_version just before commit, so its row lock is held only then.
export class ListingsVersionAtCommit1764850000000 implements MigrationInterface {
  name = 'ListingsVersionAtCommit1764850000000';

  async up(db: QueryRunner): Promise<void> {
    await new ListingsVersion1764600000000().down(db);
    await createVersionAtCommit(db, 'listings');
    await watchListings(db, 'notes_listings_change', 'note_listings_change');
  }

  async down(db: QueryRunner): Promise<void> {
    await unwatchListings(db, 'notes_listings_change');
    await dropVersionAtCommit(db, 'listings');
    await new ListingsVersion1764600000000().up(db);
  }
}
