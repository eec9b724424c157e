import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../support/processes.js';

// The load test's places come from Code-Point by path; without it the command must say so, not crash halfway.
describe('npm run bench without the Code-Point postcodes (the command as run)', function () {
  this.timeout(60000);
  let partial: string;
  let dataDir: string;

  before(() => {
    // The districts are there (empty: the check is for presence), the postcodes are not.
    partial = mkdtempSync(path.join(tmpdir(), 'bench-http-some-data-'));
    mkdirSync(path.join(partial, 'geo'));
    writeFileSync(path.join(partial, 'geo/outcodes-codepoint-open-2025-10.csv'), '');
    dataDir = path.join(partial, 'bench-data');
  });
  after(() => rmSync(partial, { recursive: true, force: true }));

  const bench = (env: NodeJS.ProcessEnv) =>
    runCommand('bench/http.ts', ['--count', '10', '--data-dir', dataDir, '--pg-port', '1'], env);

  it('says what it skipped and starts nothing', async () => {
    const run = await bench({ CI: '', SHARED_DATA_DIR: partial });
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.contain('bench skipped: shared data missing');
    expect(run.output).to.contain(path.join(partial, 'geo/codepo_gb-2025-10.tar.gz'));
    expect(run.output).not.to.contain('outcodes-codepoint-open');
    expect(existsSync(dataDir), 'no database was created').to.equal(false);
  });

  it('under CI it fails, naming the missing file', async () => {
    const run = await bench({ CI: 'true', SHARED_DATA_DIR: partial });
    expect(run.code, run.output).to.equal(1);
    expect(run.output).to.contain('bench failed: shared data missing');
    expect(run.output).to.contain(path.join(partial, 'geo/codepo_gb-2025-10.tar.gz'));
  });
});
