// A command (an import, a reindex) connects while its own synchronous work holds the event loop: the pool's
// connect timer must not run out on that alone. The random-kill fault test used to fail this way under load.
import { expect } from 'chai';
import { connectDatabase } from '../../src/db/database.js';
import { REQUEST_CONNECT_TIMEOUT_MS } from '../../src/db/data-source.js';
import { testDatabaseUrl } from '../support/database.js';

/** Synchronous work, as converting and hashing a large import batch is. */
function holdEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('connections of a command whose own work blocks the event loop (real Postgres)', function () {
  this.timeout(60000);

  it('opens new connections although the process was busy for longer than the web timeout', async () => {
    const database = await connectDatabase(
      { databaseUrl: await testDatabaseUrl(), dataDir: '', embeddedPostgresPort: 0 },
      4,
    );
    try {
      // More queries at once than the pool has idle connections, so some must connect anew.
      const queries = Array.from({ length: 4 }, (_, n) =>
        database.dataSource.query('SELECT $1::int AS n', [n]),
      );
      holdEventLoop(REQUEST_CONNECT_TIMEOUT_MS + 1000);
      expect(await Promise.all(queries)).to.deep.equal([[{ n: 0 }], [{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
    } finally {
      await database.close();
    }
  });
});
