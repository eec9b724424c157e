// npm run freshness: flags listings not reviewed for six months and e-mails their organisers a
// signed "still accurate" link (the server also runs this daily).
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { systemClock } from '../domain/clock.js';
import { pointsAtThisMachine } from '../domain/links.js';
import { publicLinks } from '../domain/public-links.js';
import { logger } from '../logger.js';
import { withSessionSecret } from '../secret-key.js';
import { createFreshness } from '../services/freshness.js';
import { createMailer } from '../services/mail.js';

async function main(): Promise<void> {
  const config = await withSessionSecret(loadConfig());
  logger.level = 'warn';
  const database = await connectDatabase(config, 2);
  try {
    const { stores } = database;
    // BASE_URL when given, else the address the server last served on: the links must be the server's.
    const recorded = config.baseUrlGiven ? null : await stores.directory.recordedPublicAddress();
    const baseUrl = recorded ?? config.baseUrl;
    if (config.smtpUrl && pointsAtThisMachine(baseUrl))
      throw new Error(
        `the e-mailed links would point at ${baseUrl}, which works only on this machine: set BASE_URL to the site's public address (like https://directory.example.org), or start the server with it once`,
      );
    const freshness = createFreshness(
      stores,
      createMailer(stores, config),
      { sessionSecret: config.sessionSecret, links: publicLinks(baseUrl) },
      systemClock,
    );
    const result = await freshness.run();
    const source = config.baseUrlGiven
      ? 'BASE_URL'
      : recorded
        ? 'the address the server last served on'
        : 'default';
    process.stdout.write(
      `flagged ${result.flagged} listings, sent ${result.reminders} reminders (links on ${baseUrl}, ${source})\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`freshness failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
