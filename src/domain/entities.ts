// TypeORM entities named after HSDS 3.0 tables. The schema itself is owned by migrations.
import 'reflect-metadata';
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

@Entity('organization')
export class Organization {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) alternate_name: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) website: string | null;
  @Column('text', { nullable: true }) tax_status: string | null;
  @Column('text', { nullable: true }) tax_id: string | null;
  @Column('integer', { nullable: true }) year_incorporated: number | null;
  @Column('text', { nullable: true }) legal_status: string | null;
  @Column('text', { nullable: true }) logo: string | null;
  @Column('text', { nullable: true }) uri: string | null;
  @Column('text', { nullable: true }) parent_organization_id: string | null;
  @OneToMany(() => Service, (service) => service.organization) services: Service[];
  @OneToMany(() => Phone, (phone) => phone.organization) phones: Phone[];
}

@Entity('service')
export class Service {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) organization_id: string | null;
  @ManyToOne(() => Organization, (organization) => organization.services, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization | null;
  @Column('text', { nullable: true }) program_id: string | null;
  @Column('text') name: string;
  @Column('text', { nullable: true }) alternate_name: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text') status: string;
  @Column('text', { nullable: true }) interpretation_services: string | null;
  @Column('text', { nullable: true }) application_process: string | null;
  @Column('text', { nullable: true }) fees_description: string | null;
  @Column('text', { nullable: true }) wait_time: string | null;
  @Column('text', { nullable: true }) fees: string | null;
  @Column('text', { nullable: true }) accreditations: string | null;
  @Column('text', { nullable: true }) eligibility_description: string | null;
  @Column('integer', { nullable: true }) minimum_age: number | null;
  @Column('integer', { nullable: true }) maximum_age: number | null;
  @Column('date', { nullable: true }) assured_date: string | null;
  @Column('text', { nullable: true }) assurer_email: string | null;
  @Column('text', { nullable: true }) licenses: string | null;
  @Column('text', { nullable: true }) alert: string | null;
  @Column('timestamptz', { nullable: true }) last_modified: Date | null;
  @Column('boolean') is_free: boolean;
  @Column('boolean') is_online: boolean;
  @OneToMany(() => ServiceAtLocation, (sal) => sal.service) service_at_locations: ServiceAtLocation[];
  @OneToMany(() => Schedule, (schedule) => schedule.service) schedules: Schedule[];
  @OneToMany(() => CostOption, (cost) => cost.service) cost_options: CostOption[];
  @OneToMany(() => ServiceArea, (area) => area.service) service_areas: ServiceArea[];
  @OneToMany(() => Contact, (contact) => contact.service) contacts: Contact[];
  @OneToMany(() => Phone, (phone) => phone.service) phones: Phone[];
}

@Entity('location')
export class Location {
  @PrimaryColumn('text') id: string;
  @Column('text') location_type: string;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text', { nullable: true }) organization_id: string | null;
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
  @Column('text') address_type: string;
}

@Entity('accessibility')
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

@Entity('service_at_location')
export class ServiceAtLocation {
  @PrimaryColumn('text') id: string;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, (service) => service.service_at_locations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('text') location_id: string;
  @ManyToOne(() => Location, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id' })
  location: Location;
  @Column('text', { nullable: true }) description: string | null;
  @OneToMany(() => Schedule, (schedule) => schedule.service_at_location) schedules: Schedule[];
}

@Entity('schedule')
export class Schedule {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) service_id: string | null;
  @ManyToOne(() => Service, (service) => service.schedules, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service | null;
  @Column('text', { nullable: true }) location_id: string | null;
  @Column('text', { nullable: true }) service_at_location_id: string | null;
  @ManyToOne(() => ServiceAtLocation, (sal) => sal.schedules, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_at_location_id' })
  service_at_location: ServiceAtLocation | null;
  @Column('date', { nullable: true }) valid_from: string | null;
  @Column('date', { nullable: true }) valid_to: string | null;
  @Column('date', { nullable: true }) dtstart: string | null;
  @Column('text', { nullable: true }) timezone: string | null;
  @Column('date', { nullable: true }) until: string | null;
  @Column('integer', { nullable: true }) count: number | null;
  @Column('text', { nullable: true }) wkst: string | null;
  @Column('text', { nullable: true }) freq: 'WEEKLY' | 'MONTHLY' | null;
  @Column('integer', { nullable: true }) interval: number | null;
  @Column('text', { nullable: true }) byday: string | null;
  @Column('text', { nullable: true }) byweekno: string | null;
  @Column('text', { nullable: true }) bymonthday: string | null;
  @Column('text', { nullable: true }) byyearday: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('time', { nullable: true }) opens_at: string | null;
  @Column('time', { nullable: true }) closes_at: string | null;
  @Column('text', { nullable: true }) schedule_link: string | null;
  @Column('text', { nullable: true }) attending_type: string | null;
  @Column('text', { nullable: true }) notes: string | null;
  @OneToMany(() => ScheduleCancellation, (cancellation) => cancellation.schedule)
  cancellations: ScheduleCancellation[];
}

@Entity('schedule_cancellation')
export class ScheduleCancellation {
  @PrimaryColumn('text') schedule_id: string;
  @PrimaryColumn('date') date: string;
  @ManyToOne(() => Schedule, (schedule) => schedule.cancellations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule: Schedule;
  @Column('text', { nullable: true }) reason: string | null;
}

@Entity('taxonomy')
export class Taxonomy {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) uri: string | null;
  @Column('text', { nullable: true }) version: string | null;
}

@Entity('taxonomy_term')
export class TaxonomyTerm {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) code: string | null;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) parent_id: string | null;
  @Column('text', { nullable: true }) taxonomy: string | null;
  @Column('text', { nullable: true }) taxonomy_id: string | null;
  @ManyToOne(() => Taxonomy, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taxonomy_id' })
  taxonomy_detail: Taxonomy | null;
  @Column('text', { nullable: true }) language: string | null;
  @Column('text', { nullable: true }) term_uri: string | null;
  @Column('text', { array: true }) synonyms: string[];
}

@Entity('attribute')
export class Attribute {
  @PrimaryColumn('text') id: string;
  @Column('text') link_id: string;
  @Column('text') taxonomy_term_id: string;
  @ManyToOne(() => TaxonomyTerm, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taxonomy_term_id' })
  taxonomy_term: TaxonomyTerm;
  @Column('text', { nullable: true }) link_type: string | null;
  @Column('text') link_entity: string;
  @Column('text', { nullable: true }) value: string | null;
}

@Entity('contact')
export class Contact {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) organization_id: string | null;
  @Column('text', { nullable: true }) service_id: string | null;
  @ManyToOne(() => Service, (service) => service.contacts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service | null;
  @Column('text', { nullable: true }) service_at_location_id: string | null;
  @Column('text', { nullable: true }) location_id: string | null;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) department: string | null;
  @Column('text', { nullable: true }) email: string | null;
}

@Entity('phone')
export class Phone {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) location_id: string | null;
  @Column('text', { nullable: true }) service_id: string | null;
  @ManyToOne(() => Service, (service) => service.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service | null;
  @Column('text', { nullable: true }) organization_id: string | null;
  @ManyToOne(() => Organization, (organization) => organization.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization | null;
  @Column('text', { nullable: true }) contact_id: string | null;
  @Column('text', { nullable: true }) service_at_location_id: string | null;
  @Column('text') number: string;
  @Column('integer', { nullable: true }) extension: number | null;
  @Column('text', { nullable: true }) type: string | null;
  @Column('text', { nullable: true }) description: string | null;
}

@Entity('cost_option')
export class CostOption {
  @PrimaryColumn('text') id: string;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, (service) => service.cost_options, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('date', { nullable: true }) valid_from: string | null;
  @Column('date', { nullable: true }) valid_to: string | null;
  @Column('text', { nullable: true }) option: string | null;
  @Column('text', { nullable: true }) currency: string | null;
  @Column('numeric', { nullable: true, precision: 10, scale: 2 }) amount: string | null;
  @Column('text', { nullable: true }) amount_description: string | null;
}

@Entity('service_area')
export class ServiceArea {
  @PrimaryColumn('text') id: string;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, (service) => service.service_areas, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) extent: string | null;
  @Column('text', { nullable: true }) extent_type: string | null;
  @Column('text', { nullable: true }) uri: string | null;
}

export const entities = [
  Organization,
  Service,
  Location,
  Address,
  Accessibility,
  ServiceAtLocation,
  Schedule,
  ScheduleCancellation,
  Taxonomy,
  TaxonomyTerm,
  Attribute,
  Contact,
  Phone,
  CostOption,
  ServiceArea,
];
