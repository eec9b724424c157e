// The page and batch queries behind the Open Referral UK list endpoints for services, services at locations
// and organizations (taxonomies have theirs in taxonomies.ts).
import { listQueries, Params, textSearch, type Selection, type TextFilter } from './selection.js';
import { serviceAtLocationSelection, serviceSelection } from './service-filter.js';

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

export const { page: servicePage, batch: serviceBatch } = listQueries(serviceSelection);
export const { page: serviceAtLocationPage, batch: serviceAtLocationBatch } =
  listQueries(serviceAtLocationSelection);
export const { page: organizationPage, batch: organizationBatch } = listQueries(organizationSelection);
