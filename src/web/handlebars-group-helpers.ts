// Handlebars helpers for account, editor and steward pages.
import { DateTime } from 'luxon';
import { paths } from './paths.js';

const ROLE_NAMES: Record<string, string> = {
  organiser: 'Organiser',
  link_worker: 'Link worker',
  steward: 'Steward',
};

const CAPACITY_NAMES: Record<string, string> = {
  spaces: 'Spaces available',
  full: 'Full',
  waiting_list: 'Waiting list',
};

export const groupHelpers = {
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  roleName: (role: string) => ROLE_NAMES[role] ?? role,
  capacityName: (status: string | null) => (status ? (CAPACITY_NAMES[status] ?? status) : ''),
  manageOrganisationPath: (id: string) => paths.manageOrganisation(id),
  claimConcernPath: (orgId: string, claimId: string) => paths.claimConcern(orgId, claimId),
  manageActivityPath: (id: string) => paths.manageActivity(id),
  editActivityPath: (id: string) => paths.editActivity(id),
  newActivityPath: (id: string) => paths.newActivity(id),
  cancelDatePath: (id: string) => paths.cancelDate(id),
  restoreDatePath: (id: string) => paths.restoreDate(id),
  activityStatusPath: (id: string) => paths.activityStatus(id),
  confirmAccuratePath: (id: string) => paths.confirmAccurate(id),
  draftPath: (id: string) => paths.draft(id),
  editDraftPath: (id: string) => paths.editDraft(id),
  stewardDraftPath: (id: string) => paths.stewardDraft(id),
  stewardProfileDraftPath: (id: string) => paths.stewardProfileDraft(id),
  stewardClaimPath: (id: string) => paths.stewardClaim(id),
  stewardReportPath: (id: string) => paths.stewardReport(id),
  stewardFeedbackPath: (id: string) => paths.stewardFeedback(id),
  stewardTimesPath: (id: string) => paths.stewardTimes(id),
  reportProblemPath: (id: string) => paths.reportProblem(id),
  dateTime: (value: Date | string | null) =>
    value
      ? DateTime.fromJSDate(new Date(value), { zone: 'Europe/London' }).toFormat('d MMMM yyyy, HH:mm')
      : '',
  isoDateTime: (value: Date | string | null) => (value ? new Date(value).toISOString() : ''),
  jsonPretty: (value: unknown) =>
    value === null || value === undefined ? '' : JSON.stringify(value, null, 2),
};
