// npm run create-user -- --email steward@example.org --role steward [--password ...] [--organisation-id ID]
// Without --password one is generated and printed once; the operator passes it on by a safe route.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { addMember, ROLES, type Role } from '../db/account-store.js';
import { connectDatabase } from '../db/database.js';
import { findOrganization } from '../db/organization-store.js';
import { logger } from '../logger.js';
import { withSessionSecret } from '../secret-key.js';
import { isEmail, MIN_PASSWORD_LENGTH } from '../services/accounts.js';
import { createAccounts } from '../services/accounts.js';
import { createMailer } from '../services/mail.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', default: 'organiser' },
      password: { type: 'string' },
      'organisation-id': { type: 'string' },
      trusted: { type: 'boolean', default: false },
    },
  });
  const email = values.email?.trim() ?? '';
  if (!isEmail(email)) throw new Error('--email must be an email address, like steward@example.org');
  const role = values.role as Role;
  if (!ROLES.includes(role))
    throw new Error(`--role must be one of ${ROLES.join(', ')}, not "${values.role}"`);
  const generated = values.password === undefined;
  const password = values.password ?? randomBytes(12).toString('base64url');
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);

  const config = await withSessionSecret(loadConfig());
  logger.level = 'warn';
  const database = await connectDatabase(config, 2);
  try {
    const { dataSource } = database;
    const accounts = createAccounts(dataSource, createMailer(dataSource, config), config);
    const orgId = values['organisation-id'];
    if (orgId && !(await findOrganization(dataSource, orgId)))
      throw new Error(`no organisation with id "${orgId}"`);
    const result = await accounts.register({
      email,
      password,
      role,
      trusted: values.trusted || role === 'steward',
    });
    if (!result.ok) throw new Error(`an account for ${email} already exists`);
    if (orgId) await addMember(dataSource, result.user.id, orgId);
    process.stdout.write(
      `created ${role} ${email}${orgId ? ` in organisation ${orgId}` : ''}${generated ? `\npassword: ${password}` : ''}\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`create-user failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
