// HSDS 3.0: organisations, their services (activities) and everything a service owns.
import 'reflect-metadata';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
} from 'typeorm';
import { Location } from './location.js';

@Entity('organization')
// GIN (name gin_trgm_ops), for the claim search: an operator class TypeORM cannot declare.
@Index('organization_name_trgm_idx', { synchronize: false })
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
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column('timestamptz', { default: () => 'now()' }) updated_at: Date;
  @OneToMany(() => Service, (service) => service.organization) services: Service[];
  @OneToMany(() => Phone, (phone) => phone.organization) phones: Phone[];
}

@Entity('service')
@Check('service_capacity_status_check', `capacity_status IN ('spaces', 'full', 'waiting_list')`)
@Index('service_organization_idx', ['organization_id'])
@Index('service_name_trgm_idx', { synchronize: false })
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
  @Column('text', { default: 'active' }) status: string;
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
  // Written by the listing store: a fingerprint of the whole listing, so an unchanged re-import writes nothing.
  @Column('text', { default: '', select: false }) content_hash: string;
  @Column('text', { default: 'hsds' }) source: string;
  // The rest are derived from the listing after every write (db/listing-refresh.ts and the modules it calls), for search and ranking.
  @Column('boolean', { default: false }) is_free: boolean;
  @Column('boolean', { default: false }) is_online: boolean;
  @Column('text', { default: '', select: false }) search_terms: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column('timestamptz', { default: () => 'now()' }) updated_at: Date;
  @Column('timestamptz', { nullable: true, select: false }) next_session_at: Date | null;
  /** Bit (iso_dow - 1) * 3 + part (0 morning, 1 afternoon, 2 evening) is set when a session falls there. */
  @Column('integer', { default: 0, select: false }) slot_mask: number;
  @Column('numeric', { nullable: true, precision: 10, scale: 2, select: false }) lowest_price: string | null;
  /** Suitability codes that limit who can come (women only, young people…). */
  @Column('text', { array: true, default: [], select: false }) audiences: string[];
  /** Set by its organisers in the editor, apart from the listing. */
  @Column('text', { nullable: true }) capacity_status: 'spaces' | 'full' | 'waiting_list' | null;
  @Column('text', { array: true, default: [], select: false }) term_ids: string[];
  @OneToMany(() => ServiceAtLocation, (sal) => sal.service) service_at_locations: ServiceAtLocation[];
  @OneToMany(() => Schedule, (schedule) => schedule.service) schedules: Schedule[];
  @OneToMany(() => CostOption, (cost) => cost.service) cost_options: CostOption[];
  @OneToMany(() => ServiceArea, (area) => area.service) service_areas: ServiceArea[];
  @OneToMany(() => Contact, (contact) => contact.service) contacts: Contact[];
  @OneToMany(() => Phone, (phone) => phone.service) phones: Phone[];
}

@Entity('service_at_location')
@Index('service_at_location_service_idx', ['service_id'])
@Index('service_at_location_location_idx', ['location_id'])
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
@Check('schedule_freq_check', `freq IS NULL OR freq IN ('WEEKLY', 'MONTHLY')`)
@Index('schedule_service_idx', ['service_id'])
@Index('schedule_service_at_location_idx', ['service_at_location_id'])
@Index('schedule_from_description_idx', ['service_id'], { where: 'from_description IS NOT NULL' })
export class Schedule {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) service_id: string | null;
  @ManyToOne(() => Service, (service) => service.schedules, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service | null;
  @Column('text', { nullable: true }) location_id: string | null;
  @ManyToOne(() => Location, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id' })
  location: Location | null;
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
  /** The description's words these times were read from, while nobody has confirmed them; null otherwise. */
  @Column('text', { nullable: true }) from_description: string | null;
  @OneToMany(() => ScheduleCancellation, (cancellation) => cancellation.schedule)
  cancellations: ScheduleCancellation[];
}

/** A holiday closure of a recurring schedule; carried into occurrences and calendars. */
@Entity('schedule_cancellation')
export class ScheduleCancellation {
  @PrimaryColumn('text') schedule_id: string;
  @PrimaryColumn('date') date: string;
  @ManyToOne(() => Schedule, (schedule) => schedule.cancellations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule: Schedule;
  @Column('text', { nullable: true }) reason: string | null;
}

@Entity('contact')
@Index('contact_service_idx', ['service_id'])
export class Contact {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) organization_id: string | null;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization | null;
  @Column('text', { nullable: true }) service_id: string | null;
  @ManyToOne(() => Service, (service) => service.contacts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service | null;
  @Column('text', { nullable: true }) service_at_location_id: string | null;
  @ManyToOne(() => ServiceAtLocation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_at_location_id' })
  service_at_location: ServiceAtLocation | null;
  @Column('text', { nullable: true }) location_id: string | null;
  @ManyToOne(() => Location, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id' })
  location: Location | null;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) department: string | null;
  @Column('text', { nullable: true }) email: string | null;
}

@Entity('phone')
@Index('phone_service_idx', ['service_id'])
export class Phone {
  @PrimaryColumn('text') id: string;
  @Column('text', { nullable: true }) location_id: string | null;
  @ManyToOne(() => Location, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id' })
  location: Location | null;
  @Column('text', { nullable: true }) service_id: string | null;
  @ManyToOne(() => Service, (service) => service.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service | null;
  @Column('text', { nullable: true }) organization_id: string | null;
  @ManyToOne(() => Organization, (organization) => organization.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization | null;
  @Column('text', { nullable: true }) contact_id: string | null;
  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact: Contact | null;
  @Column('text', { nullable: true }) service_at_location_id: string | null;
  @ManyToOne(() => ServiceAtLocation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_at_location_id' })
  service_at_location: ServiceAtLocation | null;
  @Column('text') number: string;
  @Column('integer', { nullable: true }) extension: number | null;
  @Column('text', { nullable: true }) type: string | null;
  @Column('text', { nullable: true }) description: string | null;
}

@Entity('cost_option')
@Index('cost_option_service_idx', ['service_id'])
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
  // Feeds give a number; Postgres sends numeric back as text.
  @Column('numeric', {
    nullable: true,
    precision: 10,
    scale: 2,
    transformer: { from: (value: string | null) => (value === null ? null : Number(value)), to: (v) => v },
  })
  amount: number | null;
  @Column('text', { nullable: true }) amount_description: string | null;
}

@Entity('service_area')
@Index('service_area_service_idx', ['service_id'])
@Index('service_area_area_idx', ['area'], { spatial: true })
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
  /** Postgres polygon literal derived from a GeoJSON extent, in (longitude, latitude) order. */
  @Column('polygon', { nullable: true, select: false }) area: string | null;
}
