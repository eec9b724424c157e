// Constraint names as Postgres makes them when a migration does not name one (service_organization_id_fkey,
// service_pkey), so the schema builder matches the entities' keys to the ones the migrations made.
import { DefaultNamingStrategy, type Table } from 'typeorm';

export class PostgresNamingStrategy extends DefaultNamingStrategy {
  override primaryKeyName(tableOrName: Table | string): string {
    return `${this.getTableName(tableOrName)}_pkey`;
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return `${this.getTableName(tableOrName)}_${columnNames.join('_')}_fkey`;
  }
}
