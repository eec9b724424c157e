// An empty directory and accounts, then one imported activity whose organisation nobody manages yet.
import type { DataSource } from 'typeorm';
import { storePlaces } from '../../src/db/place-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { resetAccounts } from './accounts.js';
import { resetData } from './database.js';
import { EASTON, service } from './fixtures.js';
import { createStores } from '../../src/db/stores.js';

/** "Riverside Walk" (`imported-walk`) in BS5, run by organisation `riverside` ("riverside Trust"). */
export async function seedImportedWalk(db: DataSource): Promise<void> {
  await resetData(db);
  await resetAccounts(db);
  await storePlaces(db, [{ kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON }]);
  await importListings(
    createStores(db),
    convertHsdsDocument(
      [service({ id: 'imported-walk', name: 'Riverside Walk', at: EASTON, organization: 'riverside' })],
      'fixtures',
    ),
    { source: 'test' },
  );
}
