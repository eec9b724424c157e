import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';
import { runCommand } from '../support/processes.js';

const DOCS = path.join(projectRoot, 'docs/relevance.md');

describe('npm run bench:relevance without the shared data (the command as run)', function () {
  this.timeout(60000);
  let empty: string;
  let partial: string;

  before(() => {
    empty = mkdtempSync(path.join(tmpdir(), 'relevance-no-data-'));
    // A folder holding one of the files (empty: the check is for presence, nothing is imported).
    partial = mkdtempSync(path.join(tmpdir(), 'relevance-some-data-'));
    mkdirSync(path.join(partial, 'geo'));
    writeFileSync(path.join(partial, 'geo/outcodes-codepoint-open-2025-10.csv'), '');
  });
  after(() => [empty, partial].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const bench = (env: NodeJS.ProcessEnv) => runCommand('bench/relevance.ts', [], env);

  it('under CI it fails, naming the folder the judgements need', async () => {
    const run = await bench({ CI: 'true', SHARED_DATA_DIR: path.join(empty, 'absent') });
    expect(run.code, run.output).to.equal(1);
    expect(run.output).to.contain('bench:relevance failed');
    expect(run.output).to.contain(`${path.join(empty, 'absent')} (the whole folder)`);
  });

  it('elsewhere it says what it skipped, file by file, and leaves the figures alone', async () => {
    const before = readFileSync(DOCS, 'utf8');
    const run = await bench({ CI: '', SHARED_DATA_DIR: partial });
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.contain('bench:relevance skipped: no query was run');
    expect(run.output).to.contain(path.join(partial, 'activities/oruk-v1-bristol-services-2024-12.json'));
    expect(run.output).to.contain(path.join(partial, 'geo/codepo_gb-2025-10.tar.gz'));
    expect(run.output).not.to.contain('outcodes-codepoint-open');
    expect(readFileSync(DOCS, 'utf8')).to.equal(before);
  });
});
