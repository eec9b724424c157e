// npm run create-user -- --email steward@example.org --role steward [--password ...] [--organisation-id ID]
// Without --password the password is asked for (not shown) at a terminal; elsewhere, or when left empty, one is
// generated and printed once, for the operator to pass on by a safe route.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { read } from 'read';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/database.js';
import { ROLES, type Role } from '../domain/account.js';
import { isEmail } from '../domain/email-address.js';
import { publicLinks } from '../domain/public-links.js';
import { logger } from '../logger.js';
import { withSessionSecret } from '../secret-key.js';
import { createAccounts, MIN_PASSWORD_LENGTH } from '../services/accounts.js';
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
  if (values.password !== undefined)
    process.stderr.write(
      'warning: --password is kept in your shell history and shown to anyone listing processes; leave it out to be asked for it\n',
    );
  const typed = values.password ?? (await askForPassword());
  const generated = typed === null;
  const password = typed ?? randomBytes(12).toString('base64url');
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);

  const config = await withSessionSecret(loadConfig());
  logger.level = 'warn';
  const database = await connectDatabase(config, 2);
  try {
    const { stores } = database;
    const accounts = createAccounts(stores, createMailer(stores, config), {
      sessionSecret: config.sessionSecret,
      links: publicLinks(config.baseUrl),
    });
    const orgId = values['organisation-id'];
    if (orgId && !(await stores.organizations.findOrganization(orgId)))
      throw new Error(`no organisation with id "${orgId}"`);
    const result = await accounts.createAccount({
      email,
      password,
      role,
      trusted: values.trusted || role === 'steward',
    });
    if (!result.ok) throw new Error(`an account for ${email} already exists`);
    if (orgId) await stores.accounts.addMember(result.user.id, orgId);
    process.stdout.write(
      `created ${role} ${email}${orgId ? ` in organisation ${orgId}` : ''}${generated ? `\npassword: ${password}` : ''}\n`,
    );
  } finally {
    await database.close();
  }
}

/** At a terminal: the password typed twice, not echoed, or null (generate one) when left empty. */
async function askForPassword(): Promise<string | null> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return null;
  const ask = (prompt: string) => read({ prompt, silent: true, replace: '', output: process.stderr });
  const password = await ask('Password (leave empty to have one made up): ');
  if (password === '') return null;
  if ((await ask('The same password again: ')) !== password) throw new Error('the two passwords differ');
  return password;
}

main().catch((error: unknown) => {
  process.stderr.write(`create-user failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
