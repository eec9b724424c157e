import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createStores, type Stores } from '../../src/db/stores.js';
import { resetAccounts } from '../support/accounts.js';
import { resetData, testDatabase } from '../support/database.js';

/** The error a promise rejects with, or null when it resolves. */
const rejection = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (error: unknown) => error as Error,
  );

describe('createStores: every store bound to the data source or to one transaction (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let stores: Stores;

  const organisationNamed = async (name: string) =>
    ((await db.query('SELECT id FROM organization WHERE name = $1', [name])) as { id: string }[]).length;
  const auditedAction = async (action: string) =>
    ((await db.query('SELECT id FROM audit_log WHERE action = $1', [action])) as { id: string }[]).length;

  before(async () => {
    db = await testDatabase();
    stores = createStores(db);
  });
  beforeEach(async () => {
    await resetData(db);
    await resetAccounts(db);
  });

  it('a transaction gives every store the same transaction: all of its writes land, or none', async () => {
    const write = async (tx: Stores, name: string) => {
      const organisation = await tx.organizations.createOrganization(name);
      const entry = { user: null, actor: 'test', entity: 'organization', entityId: organisation.id };
      await tx.audit.recordAudit({ ...entry, action: `create ${name}` });
    };
    await stores.transaction((tx) => write(tx, 'Kept Together'));
    const failed = stores.transaction(async (tx) => {
      await write(tx, 'Lost Together');
      throw new Error('stop');
    });
    expect((await rejection(failed))?.message).to.equal('stop');
    expect([
      await organisationNamed('Kept Together'),
      await auditedAction('create Kept Together'),
    ]).to.deep.equal([1, 1]);
    expect([
      await organisationNamed('Lost Together'),
      await auditedAction('create Lost Together'),
    ]).to.deep.equal([0, 0]);
  });

  it('a transaction inside a transaction is a savepoint: its failure undoes only its own writes', async () => {
    await stores.transaction(async (outer) => {
      await outer.organizations.createOrganization('Outer Group');
      const inner = outer.transaction(async (tx) => {
        await tx.organizations.createOrganization('Inner Group');
        throw new Error('inner');
      });
      expect((await rejection(inner))?.message).to.equal('inner');
      // Still inside the outer transaction: what it wrote is there, what the savepoint wrote is not.
      const names = (await outer.organizations.searchOrganizations('Group')).map((o) => o.name);
      expect(names).to.deep.equal(['Outer Group']);
    });
    expect(await organisationNamed('Outer Group')).to.equal(1);
    expect(await organisationNamed('Inner Group')).to.equal(0);
  });

  it('reads outside a transaction do not see what an open transaction has not committed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const open = stores.transaction(async (tx) => {
      await tx.organizations.createOrganization('Not Yet Committed');
      written();
      await held;
    });
    await wrote;
    expect(await organisationNamed('Not Yet Committed')).to.equal(0);
    release();
    await open;
    expect(await organisationNamed('Not Yet Committed')).to.equal(1);
  });
});
