// Who may change a published listing or profile without a steward looking first.

/** Stewards and organisers a steward has trusted publish their changes at once; everyone else's wait. */
export function changesPublishAtOnce(user: { trusted: boolean; role: string }): boolean {
  return user.trusted || user.role === 'steward';
}
