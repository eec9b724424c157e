import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { debianPostgres } from '../support/replication.js';
import { requirePresent } from '../support/requirements.js';

/** A fake Debian layout: /usr/lib/postgresql/<v>/bin/<program> and /usr/share/postgresql/<v>/extension. */
function layout(versions: Record<string, { programs: string[]; extensions: string[] }>) {
  const root = mkdtempSync(path.join(tmpdir(), 'debian-postgres-'));
  const folders = { programs: path.join(root, 'lib'), shared: path.join(root, 'share') };
  for (const [version, { programs, extensions }] of Object.entries(versions)) {
    mkdirSync(path.join(folders.programs, version, 'bin'), { recursive: true });
    mkdirSync(path.join(folders.shared, version, 'extension'), { recursive: true });
    for (const program of programs) writeFileSync(path.join(folders.programs, version, 'bin', program), '');
    for (const name of extensions)
      writeFileSync(path.join(folders.shared, version, 'extension', `${name}.control`), '');
  }
  return { root, folders };
}

const PROGRAMS = ['initdb', 'postgres', 'pg_basebackup'];
const EXTENSIONS = ['pg_trgm', 'unaccent', 'cube', 'earthdistance', 'btree_gist'];

describe("Debian's PostgreSQL for the replication test", () => {
  const made: string[] = [];
  after(() => made.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('takes the newest version from 15 on that has every program and extension', () => {
    const { root, folders } = layout({
      '14': { programs: PROGRAMS, extensions: EXTENSIONS },
      '15': { programs: PROGRAMS, extensions: EXTENSIONS },
      '16': { programs: PROGRAMS, extensions: EXTENSIONS },
      '17': { programs: ['initdb', 'postgres'], extensions: EXTENSIONS },
    });
    made.push(root);
    expect(debianPostgres(false, folders)).to.deep.equal({ bin: path.join(folders.programs, '16', 'bin') });
  });

  it('without it, skips with the reason printed, and fails under CI', () => {
    const { root, folders } = layout({ '15': { programs: PROGRAMS, extensions: ['pg_trgm'] } });
    made.push(root);
    const missing = debianPostgres(false, folders);
    expect(missing).to.include({ fail: false });
    let skipped = false;
    const context = {
      skip: () => {
        skipped = true;
        throw new Error('skipped');
      },
    } as unknown as Mocha.Context;
    expect(() => requirePresent(context, 'bin' in missing ? null : missing)).to.throw('skipped');
    expect(skipped).to.equal(true);

    const underCi = debianPostgres(true, folders);
    expect(underCi).to.include({ fail: true });
    expect(() => requirePresent(context, 'bin' in underCi ? null : underCi)).to.throw(
      "Debian's PostgreSQL server (15 or later) is not installed",
    );
  });
});
