// The gazetteer: postcodes, postcode sectors and districts, and place names with their centre points.
import 'reflect-metadata';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('place')
@Check('place_kind_check', `kind IN ('postcode', 'sector', 'outcode', 'place')`)
// Typo suggestions and distances are for districts and place names only (WHERE kind <> 'postcode'):
// GIN (key gin_trgm_ops) and GiST over ll_to_earth(latitude, longitude), which TypeORM cannot declare.
@Index('place_key_trgm_idx', { synchronize: false })
@Index('place_earth_idx', { synchronize: false })
export class Place {
  @PrimaryColumn('text') kind: 'postcode' | 'sector' | 'outcode' | 'place';
  @PrimaryColumn('text') key: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) area: string | null;
  @Column('double precision') latitude: number;
  @Column('double precision') longitude: number;
  /** How many postcode districts name a place, to rank places that share a name. */
  @Column('integer', { nullable: true }) postcode_districts: number | null;
}

/** One row: a number that moves when a gazetteer change commits (by trigger, places_change), never written here. */
@Entity('places_version')
@Check('places_version_one_row', `id`)
export class PlacesVersion {
  @PrimaryColumn('boolean', { default: true }) id: boolean;
  @Column('bigint') version: number;
}

/** A transaction that changed the gazetteer, until its commit moves places_version (by trigger). */
@Entity('places_change')
export class PlacesChange {
  @PrimaryColumn('bigint') transaction_id: number;
}
