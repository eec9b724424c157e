import type { QueryRunner } from 'typeorm';

/**
 * A one-row `<name>_version` that moves when a change commits, in the same transaction, so whoever sees the version
 * also sees the change (a web process reading a read replica too). Each changing transaction records itself once in
 * `<name>_change` (by `note_<name>_change()`, for triggers on the watched tables); a deferred trigger on that row
 * bumps the version just before commit, so its row lock is held only then.
 */
export async function createVersionAtCommit(db: QueryRunner, name: string): Promise<void> {
  await db.query(`
      CREATE TABLE ${name}_version (
        id boolean PRIMARY KEY DEFAULT true CONSTRAINT ${name}_version_one_row CHECK (id),
        version bigint NOT NULL
      )`);
  await db.query(`INSERT INTO ${name}_version (version) VALUES (1)`);
  await db.query(`CREATE TABLE ${name}_change (transaction_id bigint PRIMARY KEY)`);
  await db.query(`
      CREATE FUNCTION note_${name}_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${name}_change VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
  await db.query(`
      CREATE FUNCTION bump_${name}_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ${name}_version SET version = version + 1;
        DELETE FROM ${name}_change WHERE transaction_id = NEW.transaction_id;
        RETURN NULL;
      END $$`);
  await db.query(`
      CREATE CONSTRAINT TRIGGER ${name}_change_bumps_version AFTER INSERT ON ${name}_change
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_${name}_version()`);
}

export async function dropVersionAtCommit(db: QueryRunner, name: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${name}_change`);
  await db.query(`DROP TABLE IF EXISTS ${name}_version`);
  await db.query(`DROP FUNCTION IF EXISTS note_${name}_change()`);
  await db.query(`DROP FUNCTION IF EXISTS bump_${name}_version()`);
}
