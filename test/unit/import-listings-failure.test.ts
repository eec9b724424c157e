// When the database fails part way through either pass, the import ends with that error: its temporary file
// of checked listings is closed on the way out, and nothing waits for it forever or ends the process.
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Stores } from '../../src/db/stores.js';
import { convertHsdsService } from '../../src/importer/hsds/service.js';
import { importListingFiles } from '../../src/importer/import-listings.js';
import { jsonListingFiles } from '../../src/importer/json-files.js';
import { service } from '../support/fixtures.js';

describe('an import whose database fails part way', () => {
  let dir: string;
  let file: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'import-failure-'));
    file = path.join(dir, 'services.json');
    const services = Array.from({ length: 300 }, (_, n) => service({ id: `s${n}`, name: `Service ${n}` }));
    // One refers to an organisation only the directory could hold, so the first pass asks the database.
    services[4] = { ...services[4], organization: null, organization_id: 'held-elsewhere' };
    await writeFile(file, JSON.stringify(services));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  /** Just the listing store calls an import makes, one of them failing. */
  function stores(fail: 'existingIds' | 'storeListings'): Stores {
    let stored = 0;
    const listings = {
      existingIds: async () => {
        if (fail === 'existingIds') throw new Error('connection terminated');
        return new Set(['held-elsewhere']);
      },
      storeListings: async (batch: unknown[]) => {
        if (fail === 'storeListings' && ++stored === 2) throw new Error('connection terminated');
        return { inserted: batch.map((_, i) => `id${i}`), updated: [], unchanged: [] };
      },
      mergePendingSearchEntries: async () => undefined,
    };
    return { listings } as unknown as Stores;
  }

  for (const fail of ['existingIds', 'storeListings'] as const) {
    it(`rejects with the error when ${fail} fails`, async () => {
      const run = importListingFiles(stores(fail), jsonListingFiles(file, convertHsdsService, []), {
        source: 'test',
        batchSize: 2,
      });
      const outcome = await Promise.race([
        run.then(
          () => 'finished',
          (error: Error) => error.message,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000)),
      ]);
      expect(outcome).to.equal('connection terminated');
    });
  }
});
