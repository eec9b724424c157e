// npm run feeds -- list | add <URL> --name N --format F [--covers P]… [--every H] | remove <id> | sync <id>
// The registered feeds the server syncs on schedule (the feed-sync job), as stewards see them at /steward/feeds.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { systemClock } from '../domain/clock.js';
import { logger } from '../logger.js';
import { createFeeds, FEED_FORMATS, FEED_INTERVALS, type FeedRecord } from '../services/feeds.js';

const FORMATS = FEED_FORMATS.map((format) => format.code) as string[];
const HOURS = FEED_INTERVALS.map((interval) => interval.hours) as number[];

const USAGE = [
  'usage: npm run feeds -- list',
  `       npm run feeds -- add <URL> --name NAME --format ${FORMATS.join('|')} [--covers PLACE]… [--every ${HOURS.join('|')}]`,
  '       npm run feeds -- remove <id>',
  '       npm run feeds -- sync <id>',
  'add registers a feed (synced within a minute by a running server, then every --every hours, 24 by default);',
  'remove stops syncing it (its listings stay); sync runs one sync now and prints its outcome.',
].join('\n');

class UsageError extends Error {}

const when = (at: Date | null) => (at ? at.toISOString().replace(/\.\d+Z$/, 'Z') : '-');

function describe(feed: FeedRecord): string {
  const state = feed.runningSince ? 'syncing' : feed.enabled ? 'enabled' : 'paused';
  const covers = feed.covers.length ? ` covers ${feed.covers.join(', ')};` : '';
  const last = feed.lastOutcome
    ? `last run ${when(feed.lastStartedAt)}: ${feed.lastOutcomeWords}${feed.lastSummary ? ` (${feed.lastSummary})` : ''}`
    : 'not yet synced';
  return `${feed.id}\t${feed.name}\t${feed.format} ${feed.url}\tevery ${feed.everyHours} h, ${state};${covers} next due ${when(feed.nextDueAt)}; ${last}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      format: { type: 'string' },
      covers: { type: 'string', multiple: true },
      every: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [command, argument, ...rest] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const needsArgument = command === 'add' || command === 'remove' || command === 'sync';
  if (
    !command ||
    !['list', 'add', 'remove', 'sync'].includes(command) ||
    (needsArgument && !argument) ||
    (!needsArgument && argument) ||
    rest.length
  )
    throw new UsageError('');
  const config = loadConfig();
  logger.level = 'warn';
  const database = await connectDatabase(config, 4);
  try {
    const feeds = createFeeds(database.stores, systemClock);
    if (command === 'list') {
      const all = await feeds.list();
      for (const feed of all) process.stdout.write(`${describe(feed)}\n`);
      if (!all.length) process.stdout.write('no feeds registered\n');
      return 0;
    }
    if (command === 'add') {
      const name = values.name?.trim() ?? '';
      const format = values.format ?? '';
      const every = values.every === undefined ? 24 : Number(values.every);
      if (!name) throw new UsageError('--name is required');
      if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
      if (!HOURS.includes(every)) throw new UsageError(`--every must be one of ${HOURS.join(', ')} (hours)`);
      let url: URL;
      try {
        url = new URL(argument);
      } catch {
        throw new UsageError(`${argument} is not an address`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new UsageError(`${argument}: the address must start with https:// or http://`);
      const added = await feeds.add(null, {
        name,
        url: argument.trim().replace(/\/+$/, ''),
        format,
        covers: (values.covers ?? []).map((place) => place.trim()).filter(Boolean),
        everyHours: every,
      });
      if (!added.ok) {
        for (const error of added.errors) process.stderr.write(`feed not added: ${error.message}\n`);
        return 1;
      }
      process.stdout.write(`added feed ${added.feed.id}: ${describe(added.feed)}\n`);
      return 0;
    }
    const feed = await feeds.find(argument);
    if (!feed) {
      process.stderr.write(`no feed ${argument} (npm run feeds -- list shows them)\n`);
      return 1;
    }
    if (command === 'remove') {
      await feeds.remove(null, feed);
      process.stdout.write(`removed feed ${feed.id} (${feed.name}): no longer synced; its listings stay\n`);
      return 0;
    }
    const run = await feeds.syncNow(feed.id);
    if (!run) {
      process.stderr.write(`feed ${feed.id} (${feed.name}) is being synced already\n`);
      return 1;
    }
    process.stdout.write(`${run.feed}: ${run.words}\n`);
    if (run.summary) process.stdout.write(`${run.summary}\n`);
    return run.outcome === 'failed' ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`feeds failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
