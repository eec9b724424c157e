import { expect } from 'chai';
import { ESLint } from 'eslint';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';

// The layer rules in eslint.config.js, tried on one import at a time: refused where the README's layers say so.
const CASES: [file: string, from: string, refused: boolean][] = [
  ['src/services/x.ts', 'typeorm', true],
  ['src/services/x.ts', 'pg', true],
  ['src/services/x.ts', '../db/account-store.js', true],
  ['src/services/x.ts', '../db/entities/index.js', true],
  ['src/services/x.ts', '../db/stores.js', false],
  ['src/services/x.ts', '../web/paths.js', true],
  ['src/services/x.ts', 'express', true],
  ['src/services/x.ts', '../domain/public-links.js', false],
  ['src/web/routes/x.ts', '../../db/stores.js', true],
  ['src/web/routes/x.ts', '../../services/index.js', false],
  ['src/api/x.ts', '../db/oruk/records.js', true],
  ['src/jobs/x.ts', '../db/listing-refresh.js', true],
  ['src/jobs/x.ts', '../db/stores.js', false],
  ['src/importer/x.ts', '../db/place-store.js', true],
  ['src/importer/x.ts', '../db/database.js', true],
  ['src/importer/hsds/x.ts', '../../db/listing.js', false],
  ['src/services/x.ts', '../db/listing.js', true],
  ['src/importer/x.ts', '../services/listing-publisher.js', true],
  ['src/importer/cli.ts', '../db/database.js', false],
  ['src/exporter/x.ts', 'typeorm', true],
  ['src/geo/x.ts', '../db/place-store.js', true],
  ['src/db/x.ts', '../importer/listing.js', true],
  ['src/db/x.ts', '../services/index.js', true],
  ['src/db/x.ts', '../domain/place.js', false],
  ['src/search/x.ts', '../services/index.js', true],
  ['src/search/x.ts', '../db/queryable.js', false],
  ['src/domain/x.ts', '../db/stores.js', true],
  ['src/domain/x.ts', '../logger.js', true],
  ['src/domain/x.ts', '../config.js', true],
  ['src/domain/x.ts', 'node:fs/promises', true],
  ['src/domain/x.ts', 'luxon', false],
  ['src/domain/schedule/x.ts', '../form-error.js', false],
  ['src/domain/schedule/x.ts', '../../search/engine.js', true],
];

describe('layer boundaries (eslint no-restricted-imports)', function () {
  this.timeout(30000);
  const eslint = new ESLint({ cwd: projectRoot });

  async function refused(file: string, from: string): Promise<boolean> {
    const code = `import * as imported from '${from}';\nexport const used = imported;\n`;
    const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, file) });
    return result.messages.some((m) => m.ruleId === 'no-restricted-imports');
  }

  for (const [file, from, expected] of CASES)
    it(`${file} ${expected ? 'may not' : 'may'} import ${from}`, async () => {
      expect(await refused(file, from)).to.equal(expected);
    });
});
