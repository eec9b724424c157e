// The page and batch queries behind the Open Referral UK organizations list (taxonomies have theirs in
// taxonomies.ts; services and services at locations are found by the search engine).
import { listQueries, Params, textSearch, type Selection, type TextFilter } from './selection.js';

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

export const { page: organizationPage, batch: organizationBatch } = listQueries(organizationSelection);
