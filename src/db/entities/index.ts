// The entities: one description of every table the migrations create and the directory reads or writes.
import { UsedToken, OrganizationMember, UserAccount } from './account.js';
import { crawlEntities } from './crawl.js';
import { Feedback } from './feedback.js';
import { HandoutMessage } from './handout-message.js';
import { ListingMerge } from './listing-merge.js';
import { ListingSource } from './listing-source.js';
import { feedEntities } from './feed.js';
import { Referral, SharedHandout } from './link-worker.js';
import { ReferralRequest, ReferralSetting } from './referral-request.js';
import { SavedList, SavedListItem } from './saved-list.js';
import { Accessibility, Address, Location } from './location.js';
import {
  AuditLog,
  ClaimRequest,
  DescribedTimesDecision,
  FreshnessFlag,
  ListingDraft,
  OrganizationDraft,
  OrganizationRequest,
  ProblemReport,
  ReviewConfirmation,
} from './moderation.js';
import { DirectoryMetadata, MailOutbox } from './operations.js';
import { Place, PlacesChange, PlacesVersion } from './place.js';
import {
  ListingsChange,
  ListingsVersion,
  SearchEntry,
  SearchGap,
  SearchOutbox,
  SearchLexeme,
  SearchWord,
  SessionOccurrence,
} from './search.js';
import {
  Contact,
  CostOption,
  Organization,
  Phone,
  Schedule,
  ScheduleCancellation,
  Service,
  ServiceArea,
  ServiceAtLocation,
} from './service.js';
import { Attribute, Taxonomy, TaxonomyTerm } from './taxonomy.js';

export * from './account.js';
export * from './crawl.js';
export * from './feedback.js';
export * from './handout-message.js';
export * from './listing-merge.js';
export * from './listing-source.js';
export * from './feed.js';
export * from './link-worker.js';
export * from './location.js';
export * from './moderation.js';
export * from './operations.js';
export * from './place.js';
export * from './referral-request.js';
export * from './saved-list.js';
export * from './search.js';
export * from './service.js';
export * from './taxonomy.js';
export { PostgresNamingStrategy } from './naming.js';
export type { Row } from './row.js';

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
  SessionOccurrence,
  SearchEntry,
  SearchWord,
  SearchLexeme,
  SearchGap,
  SearchOutbox,
  ListingsVersion,
  ListingsChange,
  Place,
  PlacesVersion,
  PlacesChange,
  DirectoryMetadata,
  MailOutbox,
  UserAccount,
  OrganizationMember,
  UsedToken,
  ListingDraft,
  OrganizationDraft,
  OrganizationRequest,
  ClaimRequest,
  DescribedTimesDecision,
  ProblemReport,
  FreshnessFlag,
  ReviewConfirmation,
  AuditLog,
  Referral,
  SharedHandout,
  ...crawlEntities,
  Feedback,
  ListingSource,
  ListingMerge,
  ...feedEntities,
  SavedList,
  SavedListItem,
  HandoutMessage,
  ReferralSetting,
  ReferralRequest,
];

/**
 * Tables the migrations create for a library, in the shape it reads and writes, so no web process runs DDL:
 * connect-pg-simple's sessions and rate-limiter-flexible's counts. They have no entity (nothing here reads
 * them through TypeORM); pg-boss keeps its own schema, pgboss, and TypeORM its own table, migrations.
 */
export const LIBRARY_TABLES = ['http_session', 'rate_limit'] as const;
