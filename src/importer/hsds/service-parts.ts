// What the converters of one HSDS service's parts share: the rows a part becomes, and how unnamed parts are named.
import type { Listing } from '../listing.js';

/** HSDS leaves out fields that the tables hold as null. */
export const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** Ids for parts a feed left unnamed, the same on every import: `<service id>:<kind>:<index>`. */
export const partId = (serviceId: string, given: string | null | undefined, kind: string, index: number) =>
  given ?? `${serviceId}:${kind}:${index}`;

/** The rows part of a service document turns into, and the reasons any of it was refused. */
export type ListingParts = Partial<Omit<Listing, 'organization' | 'service'>> & { reasons?: string[] };

/** Appends a part's rows to the listing, keeping each table's rows in document order. */
export function addParts(listing: Listing, reasons: string[], parts: ListingParts): void {
  const { reasons: refused = [], ...rows } = parts;
  reasons.push(...refused);
  for (const [table, added] of Object.entries(rows) as [keyof typeof rows, unknown[]][]) {
    (listing[table] as unknown[]).push(...added);
  }
}
