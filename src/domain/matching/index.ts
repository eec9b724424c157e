// Matching activity records across sources: the same walking group from two feeds becomes one listing.
export { blockingKeys, candidatePairs, MAX_BLOCK_SIZE, type Blocking } from './blocking.js';
export {
  AMBIGUITY_MARGIN,
  classifyPairs,
  decide,
  DEFAULT_THRESHOLDS,
  type DecidedPair,
  type MatchDecision,
  type ScoredPair,
  type Thresholds,
  type Verdict,
} from './classify.js';
export { canonicalEmails, canonicalPhones, canonicalWebsite, type WebsiteKey } from './contact.js';
export { fieldEvidence, WEIGHTS, type Evidence, type Field, type SharedValues } from './evidence.js';
export { compareRecords, matchRecords, scoreCandidates, sharedValues, type MatchRun } from './match.js';
export { activityNameKey, compareNames, organisationKey, type NameKey } from './names.js';
export { prepareRecord, type ActivityRecord, type PreparedRecord } from './record.js';
export { addressParts, compareAddresses, comparePostcodes, postcodeParts } from './venue.js';
