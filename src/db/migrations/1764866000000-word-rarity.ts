import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshWordRarity } from '../search-words.js';

// How many listings each search word is found in: a search's words count in proportion to their rarity, so "baby"
// in "baby group meet other mums" outweighs "group", which a thousand names have (docs/ranking.md).
export class WordRarity1764866000000 implements MigrationInterface {
  name = 'WordRarity1764866000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE search_lexeme (lexeme text PRIMARY KEY, entries integer NOT NULL)`);
    await refreshWordRarity(db);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS search_lexeme');
  }
}
