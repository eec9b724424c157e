// One listing due for review (last checked 7 months ago) whose organisation has an organiser to remind.
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { addMember } from '../../src/db/account-store.js';
import { createStores } from '../../src/db/stores.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import type { Accounts } from '../../src/services/accounts.js';
import { resetAccounts, testAccounts } from './accounts.js';
import { resetData } from './database.js';
import { EASTON, service } from './fixtures.js';

export async function seedListingDueForReview(db: DataSource): Promise<Accounts> {
  await resetData(db);
  await resetAccounts(db);
  const assured = DateTime.now().minus({ months: 7 }).toISODate()!;
  await importListings(
    createStores(db),
    convertHsdsDocument(
      [service({ id: 'due', name: 'Due Walking Group', at: EASTON, assured, organization: 'walkers' })],
      'fixtures',
    ),
    { source: 'test' },
  );
  const accounts = testAccounts(db);
  const organiser = await accounts.createAccount({
    email: 'walk@example.org',
    password: 'organiser password',
    role: 'organiser',
  });
  if (!organiser.ok) throw new Error('could not create the organiser');
  await addMember(db, organiser.user.id, 'walkers');
  return accounts;
}
