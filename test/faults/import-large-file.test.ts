// A JSON file far larger than the importer could once hold cheaply (it read the whole document into one string,
// then parsed and validated all of it at once: 2.1 GB at 100,000 services) is read in bounded memory. The real
// import command reads a 200 MB file and a 50 MB one with the same peak RSS, inside a 128 MB V8 heap that the
// 200 MB document alone would not fit in. --dry-run keeps the database's own work (the same for any file size,
// batch by batch) out of the figure, and runs both streamed passes all the same.
import { expect } from 'chai';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeGeneratedServices } from '../../bench/generate-services.js';
import { resetData, testDatabase, testDatabaseUrl } from '../support/database.js';
import { runCommand } from '../support/processes.js';

const HEAP_MB = 128;

/** The import command as a steward runs it, in a small heap; its last lines say how many and how much memory. */
async function importCli(file: string) {
  const run = await runCommand(
    'src/importer/cli.ts',
    [file, '--dry-run'],
    { DATABASE_URL: await testDatabaseUrl(), NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
    300000,
  );
  const imported = Number(/^imported (\d+),/m.exec(run.output)?.[1] ?? NaN);
  const peakMb = Number(/peak memory (\d+) MB/.exec(run.output)?.[1] ?? NaN);
  return { ...run, imported, peakMb };
}

describe('fault: an import file far larger than memory should need (real CLI process)', function () {
  this.timeout(600000);
  let dir: string;

  before(async () => {
    await resetData(await testDatabase());
    dir = await mkdtemp(path.join(tmpdir(), 'import-large-'));
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`reads 50 MB and 200 MB of services with the same peak memory, in a ${HEAP_MB} MB heap`, async () => {
    const runs: Record<string, Awaited<ReturnType<typeof importCli>> & { megabytes: number }> = {};
    for (const [name, services] of [
      ['small', 20_000],
      ['large', 77_000],
    ] as const) {
      const file = path.join(dir, `${name}.json`);
      await writeGeneratedServices(file, services);
      const megabytes = (await stat(file)).size / 1e6;
      const run = await importCli(file);
      await rm(file);
      console.log(`      ${megabytes.toFixed(0)} MB, ${services} services: peak RSS ${run.peakMb} MB`);
      expect(run.code, run.output.slice(-2000)).to.equal(0);
      expect(run.imported).to.equal(services);
      runs[name] = { ...run, megabytes };
    }
    const { small, large } = runs;
    expect(small.megabytes).to.be.within(45, 60);
    expect(large.megabytes).to.be.within(190, 220);
    // What does grow is a 12-byte fingerprint of each id (about 15 MB here): not the file.
    expect(large.peakMb - small.peakMb, 'peak RSS grew with the file').to.be.below(48);
  });
});
