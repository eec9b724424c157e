// The data layer's front door: every store bound to the data source, or to one transaction. Services, importers
// and jobs are given this object and never the data source, so they hold no SQL and no TypeORM.
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import * as accounts from './account-store.js';
import * as audit from './audit-log.js';
import * as crawls from './crawl-store.js';
import * as describedTimes from './described-times-store.js';
import * as directory from './directory-metadata.js';
import * as feedback from './feedback-store.js';
import * as feeds from './feed-store.js';
import * as freshness from './freshness-store.js';
import * as handoutMessages from './handout-message-store.js';
import * as listingDrafts from './listing-draft-store.js';
import { readListingBatch } from './listing-reader.js';
import * as listingSources from './listing-source-store.js';
import * as merges from './listing-merge-store.js';
import { fieldsFromMergedListings } from './merged-listing.js';
import { refreshSessionsAndSearch, rollDirectoryForward } from './listing-refresh.js';
import { existingIds, storeListings } from './listing-store.js';
import * as mail from './mail-store.js';
import * as moderation from './moderation-store.js';
import * as organizationDrafts from './organization-draft-store.js';
import * as organizations from './organization-store.js';
import * as orukPages from './oruk/pages.js';
import * as orukRecords from './oruk/records.js';
import * as orukTaxonomies from './oruk/taxonomies.js';
import * as places from './place-store.js';
import { createRateCounter, type RateCounterOptions } from './rate-limit-counters.js';
import * as referrals from './referral-store.js';
import * as referralRequests from './referral-request-store.js';
import * as retention from './retention-store.js';
import * as savedLists from './saved-list-store.js';
import * as reports from './report-store.js';
import { mergePendingSearchEntries, refreshSearchFields } from './search-fields.js';
import { recordSearchGap } from './search-gap-store.js';
import * as searchOutbox from './search-outbox.js';
import { addSearchWords, rebuildSearchWords, refreshWordRarity } from './search-words.js';
import * as serviceReader from './service-reader.js';
import * as serviceStore from './service-store.js';
import { recordSessionsRolled, refreshOccurrences, sessionsRolledToday } from './session-occurrences.js';
import { refreshNextSessions } from './session-summaries.js';
import * as sharedHandouts from './shared-handout-store.js';
import * as taxonomies from './taxonomy-store.js';
import { syncVocabulary } from './vocabulary-store.js';
import { sessionsBetween } from './whats-on-store.js';

// What the stores take and give, for the layers above: services, the exporter and jobs import nothing else from
// db/ (importers also read db/listing.ts, the listing they produce).
export type { Location, Schedule } from './entities/index.js';
export type { ListingWithProposedTimes, ProposedSchedule } from './described-times-store.js';
export type { CrawlFeedState, CrawlRunCounts } from './crawl-store.js';
export type { ReviewConfirmation } from './freshness-store.js';
export type { FeedListingState, FeedRecord, FeedRunResult, FeedSettings } from './feed-store.js';
export type { FeedbackItem } from './feedback-store.js';
export type { HandoutMessageRecord } from './handout-message-store.js';
export type { ListingDraft } from './listing-draft-store.js';
export type { ListingRows } from './listing-reader.js';
export type { ListingSourceRecord } from './listing-source-store.js';
export type { ListingMergeRecord, MergeCandidate, MergeStatus } from './listing-merge-store.js';
export type { FieldsFromMerged, MergedField } from './merged-listing.js';
export type { OrganizationRequest, ProfileFields } from './organization-draft-store.js';
export type { OrganizationMatch, OrganizationProfile } from './organization-store.js';
export type { OrukRecord } from './oruk/rows-to-records.js';
export type { IdPage, PageRequest, TextFilter } from './oruk/selection.js';
export type { TaxonomyTermFilter } from './oruk/taxonomies.js';
export type { PlaceMergeCounts } from './place-store.js';
export type { SavedListEntry, SavedListRecord, SavedListSummary } from './saved-list-store.js';
export type { SearchGapCell } from './report-store.js';
export type {
  ReferralRequestCount,
  ReferralRequestRecord,
  ReferralTarget,
} from './referral-request-store.js';
export type { ManagedService } from './service-store.js';
export type { SharedHandoutOwner } from './shared-handout-store.js';
export type { TaxonomyRecord, TaxonomyTermRecord } from './taxonomy-store.js';

/** A store function: the database first, then what the caller gives. */
type StoreFunction = (db: EntityManager, ...args: never[]) => unknown;

/** Each store function with its database already given: what callers of the stores see. */
export type Bound<Functions extends Record<string, StoreFunction>> = {
  [Name in keyof Functions]: Functions[Name] extends (db: EntityManager, ...args: infer Args) => infer Result
    ? (...args: Args) => Result
    : never;
};

function bind<Functions extends Record<string, StoreFunction>>(
  db: EntityManager,
  functions: Functions,
): Bound<Functions> {
  return Object.fromEntries(
    Object.entries(functions).map(([name, run]) => [name, (...args: never[]) => run(db, ...args)]),
  ) as Bound<Functions>;
}

/** Every store, by what it keeps (HSDS names, as in the tables). Only functions that take the database first. */
const STORES = {
  accounts: {
    insertUser: accounts.insertUser,
    findUserByEmail: accounts.findUserByEmail,
    findUserById: accounts.findUserById,
    updatePasswordHash: accounts.updatePasswordHash,
    markEmailVerified: accounts.markEmailVerified,
    endSessionsOf: accounts.endSessionsOf,
    setTrusted: accounts.setTrusted,
    membershipsOf: accounts.membershipsOf,
    isMember: accounts.isMember,
    addMember: accounts.addMember,
    organiserEmails: accounts.organiserEmails,
    useToken: accounts.useToken,
    tokenUsedAt: accounts.tokenUsedAt,
  },
  audit: { recordAudit: audit.recordAudit, auditEntries: audit.auditEntries },
  feedback: {
    insertFeedback: feedback.insertFeedback,
    openFeedback: feedback.openFeedback,
    findFeedback: feedback.findFeedback,
    markFeedbackHandled: feedback.markFeedbackHandled,
  },
  retention: {
    deleteOldProblemReports: retention.deleteOldProblemReports,
    deleteOldFeedback: retention.deleteOldFeedback,
    deleteOldSearchGaps: retention.deleteOldSearchGaps,
    deleteOldReferrals: retention.deleteOldReferrals,
    deleteOldRateLimits: retention.deleteOldRateLimits,
    deleteOldUsedTokens: retention.deleteOldUsedTokens,
    deleteOldMail: retention.deleteOldMail,
    deleteOldAuditEntries: retention.deleteOldAuditEntries,
    deleteOldHandoutMessages: retention.deleteOldHandoutMessages,
    eraseOldReferralRequests: retention.eraseOldReferralRequests,
  },
  handoutMessages: {
    insertHandoutMessage: handoutMessages.insertHandoutMessage,
    findHandoutMessage: handoutMessages.findHandoutMessage,
    handoutMessagesIn: handoutMessages.handoutMessagesIn,
    recentHandoutMessages: handoutMessages.recentHandoutMessages,
    mailOutcome: handoutMessages.mailOutcome,
    markHandoutMessageSending: handoutMessages.markHandoutMessageSending,
    recordHandoutMessageAttempt: handoutMessages.recordHandoutMessageAttempt,
    finishHandoutMessage: handoutMessages.finishHandoutMessage,
    overdueHandoutMessages: handoutMessages.overdueHandoutMessages,
  },
  describedTimes: {
    timesDecisions: describedTimes.timesDecisions,
    proposedTimes: describedTimes.proposedTimes,
    decideProposedTimes: describedTimes.decideProposedTimes,
  },
  directory: {
    isDirectoryEmpty: directory.isDirectoryEmpty,
    markSampleData: directory.markSampleData,
    clearSampleData: directory.clearSampleData,
    holdsSampleData: directory.holdsSampleData,
    recordPublicAddress: directory.recordPublicAddress,
    recordedPublicAddress: directory.recordedPublicAddress,
  },
  freshness: {
    unflaggedListingsReviewedBefore: freshness.unflaggedListingsReviewedBefore,
    unremindedListingsWithOrganisers: freshness.unremindedListingsWithOrganisers,
    flagListing: freshness.flagListing,
    clearFlag: freshness.clearFlag,
    flaggedListings: freshness.flaggedListings,
    lockReviewConfirmation: freshness.lockReviewConfirmation,
    saveReviewConfirmation: freshness.saveReviewConfirmation,
    markReviewUndone: freshness.markReviewUndone,
  },
  listingSources: { sourcesOf: listingSources.sourcesOf },
  mergedFields: { fieldsFromMergedListings },
  merges: {
    mergeCandidatePairs: merges.mergeCandidatePairs,
    mergeCandidates: merges.mergeCandidates,
    unlistMergedListing: merges.unlistMergedListing,
    insertListingMerge: merges.insertListingMerge,
    decideListingMerge: merges.decideListingMerge,
    relistSplitListing: merges.relistSplitListing,
    findListingMerge: merges.findListingMerge,
    listingMergesIn: merges.listingMergesIn,
    listingMergesOf: merges.listingMergesOf,
    keptListingOf: merges.keptListingOf,
  },
  listingDrafts: {
    insertDraft: listingDrafts.insertDraft,
    findDraft: listingDrafts.findDraft,
    draftsOfOrganization: listingDrafts.draftsOfOrganization,
    pendingDrafts: listingDrafts.pendingDrafts,
    latestDraftForService: listingDrafts.latestDraftForService,
    publishedDocument: listingDrafts.publishedDocument,
    decideDraft: listingDrafts.decideDraft,
  },
  listings: {
    storeListings,
    existingIds,
    readListingBatch,
    refreshSessionsAndSearch,
    rollDirectoryForward,
    mergePendingSearchEntries,
    refreshSearchFields,
    addSearchWords,
    rebuildSearchWords,
    refreshWordRarity,
  },
  mail: { insertMail: mail.insertMail, markMailSent: mail.markMailSent, recentMail: mail.recentMail },
  moderation: {
    insertClaim: moderation.insertClaim,
    claimsOfUser: moderation.claimsOfUser,
    pendingClaims: moderation.pendingClaims,
    findClaim: moderation.findClaim,
    pendingClaimsOn: moderation.pendingClaimsOn,
    recordClaimConcern: moderation.recordClaimConcern,
    managersOf: moderation.managersOf,
    decideClaim: moderation.decideClaim,
    insertProblemReport: moderation.insertProblemReport,
    openProblemReports: moderation.openProblemReports,
    findProblemReport: moderation.findProblemReport,
    resolveProblemReport: moderation.resolveProblemReport,
  },
  organizationDrafts: {
    replacePendingProfileDrafts: organizationDrafts.replacePendingProfileDrafts,
    insertProfileDraft: organizationDrafts.insertProfileDraft,
    findProfileDraft: organizationDrafts.findProfileDraft,
    pendingProfileDrafts: organizationDrafts.pendingProfileDrafts,
    profileDraftForOrganiser: organizationDrafts.profileDraftForOrganiser,
    decideProfileDraft: organizationDrafts.decideProfileDraft,
    insertOrganizationRequest: organizationDrafts.insertOrganizationRequest,
    findOrganizationRequest: organizationDrafts.findOrganizationRequest,
    pendingOrganizationRequests: organizationDrafts.pendingOrganizationRequests,
    organizationRequestsOf: organizationDrafts.organizationRequestsOf,
    decideOrganizationRequest: organizationDrafts.decideOrganizationRequest,
    linkOrganizationRequest: organizationDrafts.linkOrganizationRequest,
  },
  organizations: {
    createOrganization: organizations.createOrganization,
    findOrganization: organizations.findOrganization,
    updateOrganization: organizations.updateOrganization,
    searchOrganizations: organizations.searchOrganizations,
    servicesOfOrganization: organizations.servicesOfOrganization,
  },
  places: {
    storePlaces: places.storePlaces,
    findPlace: places.findPlace,
    findPlacesByName: places.findPlacesByName,
    similarPlaces: places.similarPlaces,
    mergePlaces: places.mergePlaces,
    postcodeCentres: places.postcodeCentres,
    countPlaces: places.countPlaces,
    districtPostcodesAt: places.districtPostcodesAt,
    placesVersion: places.placesVersion,
  },
  referrals: { insertReferral: referrals.insertReferral, referralsForMember: referrals.referralsForMember },
  referralRequests: {
    referralSettingOf: referralRequests.referralSettingOf,
    saveReferralSetting: referralRequests.saveReferralSetting,
    removeReferralSetting: referralRequests.removeReferralSetting,
    referralTarget: referralRequests.referralTarget,
    referableServiceIds: referralRequests.referableServiceIds,
    insertReferralRequest: referralRequests.insertReferralRequest,
    findReferralRequest: referralRequests.findReferralRequest,
    referralRequestsForMember: referralRequests.referralRequestsForMember,
    referralRequestsSentBy: referralRequests.referralRequestsSentBy,
    latestReferralStatuses: referralRequests.latestReferralStatuses,
    setReferralRequestStatus: referralRequests.setReferralRequestStatus,
    unremindedNewRequests: referralRequests.unremindedNewRequests,
    markReferralRequestReminded: referralRequests.markReferralRequestReminded,
    closeUnansweredRequests: referralRequests.closeUnansweredRequests,
    referralRequestCounts: referralRequests.referralRequestCounts,
  },
  reports: {
    servicesByNeed: reports.servicesByNeed,
    servicesByArea: reports.servicesByArea,
    referralsByNeed: reports.referralsByNeed,
    referralsByService: reports.referralsByService,
    assuredDates: reports.assuredDates,
    searchGaps: reports.searchGaps,
  },
  savedLists: {
    lockSavedListsOf: savedLists.lockSavedListsOf,
    savedListCount: savedLists.savedListCount,
    savedListsOf: savedLists.savedListsOf,
    savedListNamed: savedLists.savedListNamed,
    findSavedList: savedLists.findSavedList,
    insertSavedList: savedLists.insertSavedList,
    addSavedListItems: savedLists.addSavedListItems,
    renameSavedList: savedLists.renameSavedList,
    removeSavedListItem: savedLists.removeSavedListItem,
    markSavedListSeen: savedLists.markSavedListSeen,
    deleteSavedList: savedLists.deleteSavedList,
  },
  searchGaps: { recordSearchGap },
  searchOutbox: {
    enqueueSearchChanges: searchOutbox.enqueueSearchChanges,
    enqueueAllServices: searchOutbox.enqueueAllServices,
    tryLockOutbox: searchOutbox.tryLockOutbox,
    claimOutboxEntries: searchOutbox.claimOutboxEntries,
    completeOutboxEntries: searchOutbox.completeOutboxEntries,
    failOutboxEntries: searchOutbox.failOutboxEntries,
    pendingOutboxIds: searchOutbox.pendingOutboxIds,
    pendingOutboxCount: searchOutbox.pendingOutboxCount,
    clearOutbox: searchOutbox.clearOutbox,
  },
  services: {
    findManagedService: serviceStore.findManagedService,
    setCapacityStatus: serviceStore.setCapacityStatus,
    setServiceStatus: serviceStore.setServiceStatus,
    setAssuredDate: serviceStore.setAssuredDate,
    cancellationsOf: serviceStore.cancellationsOf,
    scheduleOnDate: serviceStore.scheduleOnDate,
    upcomingSessionDates: serviceStore.upcomingSessionDates,
    insertCancellation: serviceStore.insertCancellation,
    deleteCancellation: serviceStore.deleteCancellation,
    serviceForPage: serviceReader.serviceForPage,
    servicesForCalendar: serviceReader.servicesForCalendar,
    serviceForEditor: serviceReader.serviceForEditor,
  },
  sessions: {
    refreshOccurrences,
    sessionsRolledToday,
    recordSessionsRolled,
    refreshNextSessions,
  },
  sharedHandouts: {
    insertSharedHandout: sharedHandouts.insertSharedHandout,
    findSharedHandout: sharedHandouts.findSharedHandout,
    sharedHandoutsOf: sharedHandouts.sharedHandoutsOf,
    revokeSharedHandout: sharedHandouts.revokeSharedHandout,
    deleteExpiredSharedHandouts: sharedHandouts.deleteExpiredSharedHandouts,
  },
  taxonomies: { mergeTaxonomy: taxonomies.mergeTaxonomy, findTermByName: taxonomies.findTermByName },
  vocabulary: { syncVocabulary },
  crawls: {
    crawlFeedState: crawls.crawlFeedState,
    startCrawlRun: crawls.startCrawlRun,
    crawledPages: crawls.crawledPages,
    markPageCrawled: crawls.markPageCrawled,
    servicesSeenInRun: crawls.servicesSeenInRun,
    recordFetchedService: crawls.recordFetchedService,
    fetchedServiceBatch: crawls.fetchedServiceBatch,
    crawlRunCounts: crawls.crawlRunCounts,
    settleImportedServices: crawls.settleImportedServices,
    finishCrawlRun: crawls.finishCrawlRun,
  },
  feeds: {
    insertFeed: feeds.insertFeed,
    updateFeed: feeds.updateFeed,
    findFeed: feeds.findFeed,
    findFeedByUrl: feeds.findFeedByUrl,
    listFeeds: feeds.listFeeds,
    setFeedEnabled: feeds.setFeedEnabled,
    requestFeedSync: feeds.requestFeedSync,
    removeFeed: feeds.removeFeed,
    claimDueFeed: feeds.claimDueFeed,
    claimFeed: feeds.claimFeed,
    finishFeedRun: feeds.finishFeedRun,
    recordFeedListing: feeds.recordFeedListing,
    withdrawFeedListing: feeds.withdrawFeedListing,
    feedListingStates: feeds.feedListingStates,
    feedListingCount: feeds.feedListingCount,
  },
} satisfies Record<string, Record<string, StoreFunction>>;

/**
 * What searches read (the search page, the map and the Open Referral API), as `stores.searchReads`: sent to the read
 * replica when there is one, so a change shows there only once the replica has replayed it. Nothing that writes, and
 * nothing a writer must see at once (an importer's own places, an activity's page after its edit), belongs here.
 */
const SEARCH_READS = {
  oruk: {
    organizationPage: orukPages.organizationPage,
    organizationBatch: orukPages.organizationBatch,
    serviceSummaries: orukRecords.serviceSummaries,
    fullServices: orukRecords.fullServices,
    servicesAtLocations: orukRecords.servicesAtLocations,
    organizations: orukRecords.organizations,
    organizationServiceIds: orukRecords.organizationServiceIds,
    taxonomyPage: orukTaxonomies.taxonomyPage,
    taxonomyBatch: orukTaxonomies.taxonomyBatch,
    taxonomyTermPage: orukTaxonomies.taxonomyTermPage,
    taxonomyTermBatch: orukTaxonomies.taxonomyTermBatch,
    taxonomies: orukTaxonomies.taxonomies,
    taxonomyTermIds: orukTaxonomies.taxonomyTermIds,
    taxonomyTerms: orukTaxonomies.taxonomyTerms,
  },
  places: {
    findPlace: places.findPlace,
    findPlacesByName: places.findPlacesByName,
    similarPlaces: places.similarPlaces,
    placesVersion: places.placesVersion,
  },
  whatsOn: { sessionsBetween },
} satisfies Record<string, Record<string, StoreFunction>>;

type StoreGroups = Record<string, Record<string, StoreFunction>>;
type BoundGroups<Groups extends StoreGroups> = { [Store in keyof Groups]: Bound<Groups[Store]> };
type BoundStores = BoundGroups<typeof STORES> & { searchReads: BoundGroups<typeof SEARCH_READS> };

function bindGroups<Groups extends StoreGroups>(db: EntityManager, groups: Groups): BoundGroups<Groups> {
  return Object.fromEntries(
    Object.entries(groups).map(([store, functions]) => [store, bind(db, functions)]),
  ) as BoundGroups<Groups>;
}

/** What is not bound to one transaction: the health check's ping, rate counters and the session pool. */
function sharedParts(db: EntityManager, dataSource: DataSource) {
  return {
    /** Resolves when the database answers. */
    async ping(): Promise<void> {
      await db.query('SELECT 1');
    },
    /** A counter of attempts in the rate_limit table (see services/rate-limits.ts for the limits). */
    rateCounter: (options: RateCounterOptions) => createRateCounter(dataSource, options),
    /** The pg pool under TypeORM, shared with the session store so sessions use the same database. */
    sessionPool: (): Pool => (dataSource.driver as unknown as { master: Pool }).master,
  };
}

export interface StoreTransactions {
  /** Runs `work` in one transaction, given the stores bound to it; nested calls become savepoints. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}

/** Every store over `db`, and the searches' reads over `reads`: the same, or a read replica. */
function storesOver(
  db: EntityManager,
  reads: EntityManager,
  dataSource: DataSource,
): BoundStores & ReturnType<typeof sharedParts> & StoreTransactions {
  return {
    ...bindGroups(db, STORES),
    searchReads: bindGroups(reads, SEARCH_READS),
    ...sharedParts(db, dataSource),
    // Inside a transaction everything reads what the transaction sees, on the primary.
    transaction: (work) => db.transaction((manager) => work(storesOver(manager, manager, dataSource))),
  };
}

/**
 * The stores over the database; with `readDataSource` (a read replica, DATABASE_READ_URL) searches read there,
 * and everything else (sessions, rate limits, jobs, edits, imports, activity pages) stays on `dataSource`.
 */
export function createStores(dataSource: DataSource, readDataSource: DataSource = dataSource) {
  return storesOver(dataSource.manager, readDataSource.manager, dataSource);
}

export type Stores = ReturnType<typeof createStores>;
