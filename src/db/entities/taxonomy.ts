// HSDS 3.0: taxonomies (needs, activity types, suitability, imported lists), their terms, and the attributes
// that tag a service with a term.
import 'reflect-metadata';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

@Entity('taxonomy')
export class Taxonomy {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) uri: string | null;
  @Column('text', { nullable: true }) version: string | null;
}

@Entity('taxonomy_term')
@Index('taxonomy_term_taxonomy_idx', ['taxonomy_id', 'code'])
export class TaxonomyTerm {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) code: string | null;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) parent_id: string | null;
  @ManyToOne(() => TaxonomyTerm, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent: TaxonomyTerm | null;
  @Column('text', { nullable: true }) taxonomy: string | null;
  @Column('text', { nullable: true }) taxonomy_id: string | null;
  @ManyToOne(() => Taxonomy, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taxonomy_id' })
  taxonomy_detail: Taxonomy | null;
  @Column('text', { nullable: true }) language: string | null;
  @Column('text', { nullable: true }) term_uri: string | null;
  /** Plain words people search with ("lonely", "get fit"); kept by the vocabulary, not by imports. */
  @Column('text', { array: true, default: [] }) synonyms: string[];
}

@Entity('attribute')
@Index('attribute_link_idx', ['link_entity', 'link_id'])
@Index('attribute_term_idx', ['taxonomy_term_id', 'link_id'])
export class Attribute {
  @PrimaryColumn('text') id: string;
  @Column('text') link_id: string;
  @Column('text') taxonomy_term_id: string;
  @ManyToOne(() => TaxonomyTerm, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taxonomy_term_id' })
  taxonomy_term: TaxonomyTerm;
  @Column('text', { nullable: true }) link_type: string | null;
  @Column('text', { default: 'service' }) link_entity: string;
  @Column('text', { nullable: true }) value: string | null;
}
