// Who may change a published listing or profile without a steward looking first, and what a change changed.

/** Stewards and organisers a steward has trusted publish their changes at once; everyone else's wait. */
export function changesPublishAtOnce(user: { trusted: boolean; role: string }): boolean {
  return user.trusted || user.role === 'steward';
}

/** Top-level keys whose values differ between before and after. */
export function changedFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((key) => JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after?.[key] ?? null))
    .sort();
}
