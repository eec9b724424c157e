// The pages other places link to (e-mails, calendar files, QR codes, share links), written once: web/paths.ts
// routes them, and publicLinks makes the full addresses on BASE_URL that services put in what they send.

export const publicPaths = {
  activity: (id: string) => `/activities/${encodeURIComponent(id)}`,
  signIn: '/account/sign-in',
  forgotPassword: '/account/forgot-password',
  resetPassword: (token: string) => `/account/reset-password/${encodeURIComponent(token)}`,
  confirmEmail: (token: string) => `/account/confirm-email/${encodeURIComponent(token)}`,
  manage: '/manage',
  manageOrganisation: (orgId: string) => `/manage/organisations/${encodeURIComponent(orgId)}`,
  manageActivity: (activityId: string) => `/manage/activities/${encodeURIComponent(activityId)}`,
  draft: (draftId: string) => `/manage/drafts/${encodeURIComponent(draftId)}`,
  stillAccurate: (token: string) => `/still-accurate/${encodeURIComponent(token)}`,
  sharedHandout: (token: string) => `/handout/${encodeURIComponent(token)}`,
  // The referral loop: a group's inbox and one request in it, and the link worker's own referrals.
  referralInboxRequest: (id: string) => `/manage/referrals/inbox/${encodeURIComponent(id)}`,
  yourReferral: (id: string) => `/your-referrals/${encodeURIComponent(id)}`,
};

type OnBase<Paths> = {
  [Page in keyof Paths]: Paths[Page] extends (...args: infer Args) => string
    ? (...args: Args) => string
    : string;
};

/** Every public path as a full address on the site's public address (never the request's Host). */
export function publicLinks(baseUrl: string): OnBase<typeof publicPaths> & { baseUrl: string } {
  const links = Object.fromEntries(
    Object.entries(publicPaths).map(([page, path]) => [
      page,
      typeof path === 'string' ? `${baseUrl}${path}` : (...args: [string]) => `${baseUrl}${path(...args)}`,
    ]),
  ) as OnBase<typeof publicPaths>;
  return { ...links, baseUrl };
}

export type PublicLinks = ReturnType<typeof publicLinks>;
