// The state of crawls of live Open Referral UK 3.0 APIs, keyed by the feed's address.
import 'reflect-metadata';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One feed: the run in progress (null when none) and the last run finished. */
@Entity('crawl_feed')
export class CrawlFeed {
  @PrimaryColumn('text') url: string;
  @Column('timestamptz', { nullable: true }) run_started_at: Date | null;
  /** The modified_after the run in progress asks with; null when it reads every service. */
  @Column('timestamptz', { nullable: true }) run_since: Date | null;
  @Column('timestamptz', { nullable: true }) last_run_started_at: Date | null;
  @Column('timestamptz', { nullable: true }) last_finished_at: Date | null;
  @Column('boolean', { nullable: true }) honours_modified_after: boolean | null;
}

/** A page of the feed's /services already read in the run in progress. */
@Entity('crawl_page')
export class CrawlPage {
  @PrimaryColumn('text') url: string;
  @PrimaryColumn('integer') page: number;
}

/** A service of the feed: the hash of the record last imported, and the record fetched in the run in progress. */
@Entity('crawl_service')
export class CrawlService {
  @PrimaryColumn('text') url: string;
  @PrimaryColumn('text') service_id: string;
  @Column('text', { nullable: true }) stored_hash: string | null;
  @Column('text', { nullable: true }) fetched_hash: string | null;
  /** Null once imported, and when the fetched record is the one last imported. */
  @Column('jsonb', { nullable: true }) fetched_body: unknown;
  @Column('boolean', { default: false }) seen_in_run: boolean;
}

export const crawlEntities = [CrawlFeed, CrawlPage, CrawlService];
