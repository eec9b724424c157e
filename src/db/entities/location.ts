// HSDS 3.0: venues (physical, virtual or postal) with their addresses and accessibility.
import 'reflect-metadata';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { Organization } from './service.js';

@Entity('location')
@Check('location_latitude_range', 'latitude BETWEEN -90 AND 90')
@Check('location_longitude_range', 'longitude BETWEEN -180 AND 180')
// GiST over ll_to_earth(latitude, longitude) for radius searches; an expression TypeORM cannot declare.
@Index('location_earth_idx', { synchronize: false })
export class Location {
  @PrimaryColumn('text') id: string;
  @Column('text', { default: 'physical' }) location_type: string;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text', { nullable: true }) organization_id: string | null;
  @ManyToOne(() => Organization, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization | null;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) alternate_name: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) transportation: string | null;
  @Column('double precision', { nullable: true }) latitude: number | null;
  @Column('double precision', { nullable: true }) longitude: number | null;
  @Column('text', { nullable: true }) external_identifier: string | null;
  @Column('text', { nullable: true }) external_identifier_type: string | null;
  @OneToMany(() => Address, (address) => address.location) addresses: Address[];
  @OneToMany(() => Accessibility, (accessibility) => accessibility.location) accessibility: Accessibility[];
}

@Entity('address')
@Index('address_location_idx', ['location_id'])
export class Address {
  @PrimaryColumn('text') id: string;
  @Column('text') location_id: string;
  @ManyToOne(() => Location, (location) => location.addresses, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id' })
  location: Location;
  @Column('text', { nullable: true }) attention: string | null;
  @Column('text', { nullable: true }) address_1: string | null;
  @Column('text', { nullable: true }) address_2: string | null;
  @Column('text', { nullable: true }) city: string | null;
  @Column('text', { nullable: true }) region: string | null;
  @Column('text', { nullable: true }) state_province: string | null;
  @Column('text', { nullable: true }) postal_code: string | null;
  @Column('text', { nullable: true }) country: string | null;
  @Column('text', { default: 'physical' }) address_type: string;
}

@Entity('accessibility')
@Index('accessibility_location_idx', ['location_id'])
export class Accessibility {
  @PrimaryColumn('text') id: string;
  @Column('text') location_id: string;
  @ManyToOne(() => Location, (location) => location.accessibility, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id' })
  location: Location;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) details: string | null;
  @Column('text', { nullable: true }) url: string | null;
}
