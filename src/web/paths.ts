// Every URL the site uses, in one place, shared with templates. The pages other places link to (mails, calendars,
// QR codes) are written once in domain/public-links.ts, so services can build their full addresses too.
import { publicPaths } from '../domain/public-links.js';

export const paths = {
  home: '/',
  search: '/search',
  map: '/map',
  whatsOn: '/whats-on',
  activity: publicPaths.activity,
  activityPattern: '/activities/:id',
  health: '/health',
  leaflet: '/vendor/leaflet',
  markerCluster: '/vendor/leaflet.markercluster',
  govukFrontend: '/vendor/govuk-frontend',
  mojFrontend: '/vendor/moj-frontend',
  designSystemCss: '/vendor/design-system.css',
  static: '/static',
  // Accounts, organisers' listings and the steward's queue.
  register: '/account/register',
  signIn: publicPaths.signIn,
  signOut: '/account/sign-out',
  forgotPassword: publicPaths.forgotPassword,
  resetPassword: publicPaths.resetPassword,
  resetPasswordPattern: '/account/reset-password/:token',
  confirmEmail: publicPaths.confirmEmail,
  confirmEmailPattern: '/account/confirm-email/:token',
  resendConfirmation: '/account/resend-confirmation',
  account: '/account',
  manage: publicPaths.manage,
  manageOrganisation: publicPaths.manageOrganisation,
  manageOrganisationPattern: '/manage/organisations/:orgId',
  claimConcern: (orgId: string, claimId: string) =>
    `/manage/organisations/${encodeURIComponent(orgId)}/claims/${encodeURIComponent(claimId)}/concern`,
  claimConcernPattern: '/manage/organisations/:orgId/claims/:claimId/concern',
  newActivity: (orgId: string) => `/manage/organisations/${encodeURIComponent(orgId)}/activities/new`,
  newActivityPattern: '/manage/organisations/:orgId/activities/new',
  manageActivity: publicPaths.manageActivity,
  manageActivityPattern: '/manage/activities/:serviceId',
  editActivity: (serviceId: string) => `/manage/activities/${encodeURIComponent(serviceId)}/edit`,
  editActivityPattern: '/manage/activities/:serviceId/edit',
  cancelDate: (serviceId: string) => `/manage/activities/${encodeURIComponent(serviceId)}/cancel-date`,
  cancelDatePattern: '/manage/activities/:serviceId/cancel-date',
  restoreDate: (serviceId: string) => `/manage/activities/${encodeURIComponent(serviceId)}/restore-date`,
  restoreDatePattern: '/manage/activities/:serviceId/restore-date',
  activityStatus: (serviceId: string) => `/manage/activities/${encodeURIComponent(serviceId)}/status`,
  activityStatusPattern: '/manage/activities/:serviceId/status',
  confirmAccurate: (serviceId: string) =>
    `/manage/activities/${encodeURIComponent(serviceId)}/still-accurate`,
  confirmAccuratePattern: '/manage/activities/:serviceId/still-accurate',
  draft: publicPaths.draft,
  draftPattern: '/manage/drafts/:draftId',
  editDraft: (draftId: string) => `/manage/drafts/${encodeURIComponent(draftId)}/edit`,
  editDraftPattern: '/manage/drafts/:draftId/edit',
  claim: '/manage/claim',
  newOrganisation: '/manage/new-organisation',
  stillAccurate: publicPaths.stillAccurate,
  stillAccuratePattern: '/still-accurate/:token',
  stillAccurateUndo: (token: string) => `/still-accurate/${encodeURIComponent(token)}/undo`,
  stillAccurateUndoPattern: '/still-accurate/:token/undo',
  reportProblem: (serviceId: string) => `/activities/${encodeURIComponent(serviceId)}/report`,
  reportProblemPattern: '/activities/:id/report',
  steward: '/steward',
  stewardDraft: (draftId: string) => `/steward/drafts/${encodeURIComponent(draftId)}`,
  stewardDraftPattern: '/steward/drafts/:draftId',
  stewardProfileDraft: (draftId: string) => `/steward/profile-drafts/${encodeURIComponent(draftId)}`,
  stewardProfileDraftPattern: '/steward/profile-drafts/:draftId',
  stewardOrganisationRequest: (requestId: string) =>
    `/steward/organisation-requests/${encodeURIComponent(requestId)}`,
  stewardOrganisationRequestPattern: '/steward/organisation-requests/:requestId',
  stewardClaim: (claimId: string) => `/steward/claims/${encodeURIComponent(claimId)}`,
  stewardClaimPattern: '/steward/claims/:claimId',
  stewardReport: (reportId: string) => `/steward/reports/${encodeURIComponent(reportId)}`,
  stewardReportPattern: '/steward/reports/:reportId',
  stewardTimes: (serviceId: string) => `/steward/times/${encodeURIComponent(serviceId)}`,
  stewardTimesPattern: '/steward/times/:serviceId',
  stewardAudit: '/steward/audit',
  stewardMailbox: '/steward/mailbox',
  // Link worker tools: calendars, shortlist and handouts, referrals, reports.
  activityCalendar: (id: string) => `/activities/${encodeURIComponent(id)}/calendar.ics`,
  activityCalendarPattern: '/activities/:id/calendar.ics',
  shortlist: '/shortlist',
  shortlistAdd: '/shortlist/add',
  shortlistRemove: '/shortlist/remove',
  shortlistMove: '/shortlist/move',
  shortlistNotes: '/shortlist/notes',
  shortlistClear: '/shortlist/clear',
  shortlistHandout: '/shortlist/handout',
  shortlistShare: '/shortlist/share',
  stopSharedHandout: (id: string) => `/shortlist/share/${encodeURIComponent(id)}/stop`,
  stopSharedHandoutPattern: '/shortlist/share/:id/stop',
  sharedHandout: publicPaths.sharedHandout,
  sharedHandoutPattern: '/handout/:token',
  sharedCalendar: (token: string) => `/handout/${encodeURIComponent(token)}/calendar.ics`,
  sharedCalendarPattern: '/handout/:token/calendar.ics',
  referrals: (id: string) => `/activities/${encodeURIComponent(id)}/referrals`,
  referralsPattern: '/activities/:id/referrals',
  manageReferrals: '/manage/referrals',
  reports: '/reports',
  gapsCsv: '/reports/gaps.csv',
};

// Paths whose last part is a secret (a signed link): kept out of request logs and out of every cache.
const TOKEN_PATHS = [
  paths.resetPassword,
  paths.stillAccurate,
  paths.stillAccurateUndo,
  paths.sharedHandout,
  paths.sharedCalendar,
];
const MARK = 'TOKEN';
// Routes match case-insensitively, so "/Handout/<token>" must count too.
const TOKEN_PATTERNS = [...new Set(TOKEN_PATHS.map((path) => path(MARK).split(MARK)[0]))].map(
  (prefix) => new RegExp(`^(${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})[^/?#]+`, 'i'),
);

export const carriesToken = (path: string): boolean => TOKEN_PATTERNS.some((pattern) => pattern.test(path));

/** The path with any token replaced, e.g. "/handout/[token]/calendar.ics". */
export const withoutTokens = (path: string): string =>
  TOKEN_PATTERNS.reduce((redacted, pattern) => redacted.replace(pattern, '$1[token]'), path);
