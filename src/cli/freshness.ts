// npm run freshness: flags listings not reviewed for six months and e-mails their organisers a
// signed "still accurate" link (the server also runs this daily).
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { logger } from '../logger.js';
import { withSessionSecret } from '../secret-key.js';
import { createFreshness } from '../services/freshness.js';
import { createMailer } from '../services/mail.js';

async function main(): Promise<void> {
  const config = await withSessionSecret(loadConfig());
  logger.level = 'warn';
  const database = await connectDatabase(config, 2);
  try {
    const { dataSource } = database;
    const freshness = createFreshness(dataSource, createMailer(dataSource, config), config);
    const result = await freshness.run(new Date());
    process.stdout.write(`flagged ${result.flagged} listings, sent ${result.reminders} reminders\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`freshness failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
