// The page and batch queries behind the Open Referral UK list endpoints for services, services at locations
// and organizations (taxonomies have theirs in taxonomies.ts).
import type { Queryable } from '../rows.js';
import {
  batchAfter,
  pageOf,
  Params,
  textSearch,
  type PageRequest,
  type Selection,
  type TextFilter,
} from './selection.js';
import { serviceAtLocationSelection, serviceSelection, type ServiceFilter } from './service-filter.js';

function organizationSelection(filter: TextFilter): Selection {
  const p = new Params();
  const where = filter.text
    ? [
        textSearch(
          p,
          filter.text,
          `o.name || ' ' || coalesce(o.alternate_name, '') || ' ' || coalesce(o.description, '')`,
        ),
      ]
    : [];
  return { from: 'organization o', id: 'o.id', where, order: () => 'o.name, o.id', params: p };
}

export const servicePage = (db: Queryable, filter: ServiceFilter, request: PageRequest) =>
  pageOf(db, serviceSelection(filter), request);
export const serviceBatch = (db: Queryable, filter: ServiceFilter, afterId: string | null, limit: number) =>
  batchAfter(db, serviceSelection(filter), afterId, limit);
export const serviceAtLocationPage = (db: Queryable, filter: ServiceFilter, request: PageRequest) =>
  pageOf(db, serviceAtLocationSelection(filter), request);
export const serviceAtLocationBatch = (
  db: Queryable,
  filter: ServiceFilter,
  afterId: string | null,
  limit: number,
) => batchAfter(db, serviceAtLocationSelection(filter), afterId, limit);
export const organizationPage = (db: Queryable, filter: TextFilter, request: PageRequest) =>
  pageOf(db, organizationSelection(filter), request);
export const organizationBatch = (db: Queryable, filter: TextFilter, afterId: string | null, limit: number) =>
  batchAfter(db, organizationSelection(filter), afterId, limit);
