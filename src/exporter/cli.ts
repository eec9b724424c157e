// npm run export -- --format hsds-json|ndjson [--out FILE]
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { logger } from '../logger.js';
import { writeExport, type ExportFormat } from './hsds-export.js';

const USAGE = [
  'usage: npm run export -- [--format hsds-json|ndjson] [--out FILE]',
  '  hsds-json  one JSON array of full HSDS 3.0 services (the HSDS importer reads it back)',
  '  ndjson     one HSDS service per line',
  'Without --out the export goes to standard output.',
].join('\n');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string', default: 'hsds-json' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (values.format !== 'hsds-json' && values.format !== 'ndjson') {
    process.stderr.write(`unknown format "${values.format}"\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  logger.level = 'warn';
  const database = await connectDatabase(config, 2);
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  try {
    const count = await writeExport(database.stores, out, values.format as ExportFormat);
    if (values.out) {
      out.end();
      await finished(out);
    }
    process.stderr.write(`exported ${count} services${values.out ? ` to ${values.out}` : ''}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
