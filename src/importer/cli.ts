// npm run import -- <file|folder|URL> [--format hsds|places|oruk] [--concurrency N] [--timeout S] [--dry-run]
import cliProgress from 'cli-progress';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot, type Config } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { logger } from '../logger.js';
import { describeRecord } from './listing.js';
import { importFormats } from './formats.js';
import { runImport, summaryLine } from './run-import.js';

const USAGE = [
  'usage: npm run import -- <file|folder> [--format NAME] [--map MAPPING] [--covers PLACE]… [--source-name NAME] [--dry-run]',
  '       npm run import -- <URL> --format oruk [--concurrency N] [--timeout SECONDS] [--covers PLACE]… [--source-name NAME] [--dry-run]',
  '--source-name: the source as people know it ("Bristol Community Directory"), shown on each activity it lists',
  'formats:',
  ...Object.values(importFormats).map((f) => `  ${f.name.padEnd(12)} ${f.description}`),
].join('\n');

/** A whole number option in range; undefined when not given, null when out of range. */
function wholeNumber(value: string | undefined, min: number, max: number): number | undefined | null {
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  return number >= min && number <= max ? number : null;
}

/** How a crawl names itself to the feeds it reads: the software, and the site's address when BASE_URL is set. */
function userAgent(config: Config): string {
  const { name, version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const contact = config.baseUrlGiven ? `; +${config.baseUrl}` : '';
  return `${name}/${version} (Open Referral UK 3.0 crawler${contact})`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      map: { type: 'string' },
      'source-name': { type: 'string' },
      covers: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.format && !importFormats[values.format]) {
    process.stderr.write(`unknown format "${values.format}"\n${USAGE}\n`);
    return 2;
  }
  const concurrency = wholeNumber(values.concurrency, 1, 64);
  const timeoutSeconds = wholeNumber(values.timeout, 1, 600);
  if (concurrency === null || timeoutSeconds === null) {
    process.stderr.write(
      `--concurrency must be a whole number from 1 to 64, --timeout from 1 to 600\n${USAGE}\n`,
    );
    return 2;
  }
  if (values['source-name'] !== undefined && !values['source-name'].trim()) {
    process.stderr.write(
      `--source-name must name the source, e.g. --source-name "Bristol Community Directory"\n${USAGE}\n`,
    );
    return 2;
  }
  const started = performance.now();
  const config = loadConfig();
  logger.level = 'warn';
  const database = await connectDatabase(config, 4);
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar(
        { format: 'importing [{bar}] {value}/{total} records', clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  try {
    const report = await runImport(database.stores, positionals[0], {
      format: values.format,
      mapping: values.map,
      sourceName: values['source-name'],
      covers: values.covers,
      crawl: {
        concurrency,
        timeoutMs: timeoutSeconds && timeoutSeconds * 1000,
        userAgent: userAgent(config),
      },
      dryRun: values['dry-run'],
      onProgress: (done, total) => {
        if (!bar) return;
        if (done === 0) bar.start(total, 0);
        else bar.update(done);
        if (done === total) bar.stop();
      },
    });
    bar?.stop();
    const refused = report.rejections.filter((rejection) => rejection.wholeFile);
    for (const rejection of report.rejections) {
      if (rejection.wholeFile) continue;
      const record = describeRecord(rejection.position, rejection.id);
      process.stdout.write(`rejected ${record}: ${rejection.reasons.join('; ')}\n`);
    }
    for (const warning of report.warnings ?? []) {
      const record = describeRecord(warning.position, warning.id);
      process.stdout.write(`warning ${record}: ${warning.field}: ${warning.message}\n`);
    }
    for (const line of report.details ?? []) process.stdout.write(`${line}\n`);
    if (values['dry-run']) process.stdout.write('dry run: nothing was written\n');
    process.stdout.write(`${summaryLine(report)}\n`);
    // Figures, not adjectives: large imports (1.7M postcodes) are judged by time and memory.
    const seconds = (performance.now() - started) / 1000;
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(`took ${seconds.toFixed(1)} s, peak memory ${peakMb} MB\n`);
    // A file refused as a whole is a failed import, whatever else was read: scripts and operators must notice.
    for (const { position, reasons } of refused)
      process.stderr.write(`import failed: ${position.file} was not imported: ${reasons.join('; ')}\n`);
    return refused.length ? 1 : 0;
  } finally {
    bar?.stop();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
