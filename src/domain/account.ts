// Who uses the directory: an account, its role and how far it is trusted.

export type Role = 'organiser' | 'link_worker' | 'steward';
export const ROLES: readonly Role[] = ['organiser', 'link_worker', 'steward'];

export interface UserAccount {
  id: string;
  email: string;
  role: Role;
  trusted: boolean;
  /** The owner opened the link mailed to the address (or an operator created the account). */
  emailVerified: boolean;
  /** Raised on every password change; sessions and reset links made under an older one are void. */
  credentialVersion: number;
  createdAt: Date;
}
