// Our OpenAPI document: the endpoints and parameters this directory really supports, with response
// bodies described by the published Open Referral UK 3.0 schemas (referenced by URL, not copied).
import { SEARCH_SORTS } from '../search/engine.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './parameters.js';

const ORUK_SCHEMA = 'https://openreferraluk.org/specifications/3.0/schema';
export const ORUK_PROFILE_URL = 'https://openreferraluk.org/';

type Parameter = {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  description: string;
  schema: Record<string, unknown>;
};

const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) =>
  ({ name, in: 'query', description, schema }) satisfies Parameter;

const idPath: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The record id.',
  schema: { type: 'string' },
};

const paging = [
  query('page', 'Page number, from 1.', { type: 'integer', minimum: 1, default: 1 }),
  query('per_page', `Records per page, at most ${MAX_PER_PAGE}.`, {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PER_PAGE,
    default: DEFAULT_PER_PAGE,
  }),
  query('format', '`ndjson` streams every matching record, one JSON object per line, without pages.', {
    type: 'string',
    enum: ['json', 'ndjson'],
    default: 'json',
  }),
];
const search = query('search', 'Free text, in web-search syntax ("quoted phrases", -excluded words, or).');

const serviceFilters = [
  search,
  query('text', 'Alias of `search`, as in Open Referral UK version 1.'),
  query('taxonomy_term_id', 'Only services tagged with this taxonomy term.'),
  query('taxonomy_id', 'Only services tagged with any term of this taxonomy.'),
  query('organization_id', 'Only services of this organization.'),
  query(
    'postcode',
    'A UK postcode, postcode district or place name. Without `search` results are ordered nearest first, and services whose mapped service areas all lie elsewhere are left out.',
  ),
  query(
    'proximity',
    'With `postcode`: only services with a location within this many metres, or a service area covering the postcode (online-only services have neither).',
    { type: 'number', minimum: 1 },
  ),
  query(
    'day',
    'Only services with an upcoming session on one of these weekdays (comma-separated MO,TU,WE,TH,FR,SA,SU).',
  ),
  query('start_time', 'Only services with a session running after this time of day (HH:MM, UK time).', {
    type: 'string',
    pattern: '^\\d{2}:\\d{2}$',
  }),
  query(
    'end_time',
    'Only services with a session running before this time of day (HH:MM, UK time; 24:00 is the end of the day).',
    { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
  ),
  query('date', 'Only services with a session on this date, however far ahead (UK date).', {
    type: 'string',
    format: 'date',
  }),
  query('minimum_age', 'Only services whose eligible ages reach this age or above.', {
    type: 'integer',
    minimum: 0,
  }),
  query('maximum_age', 'Only services whose eligible ages start at this age or below.', {
    type: 'integer',
    minimum: 0,
  }),
  query('modified_after', 'Only records changed at or after this date-time.', {
    type: 'string',
    format: 'date-time',
  }),
  query('is_free', 'Only services free to attend (an extension to Open Referral UK).', { type: 'boolean' }),
  query(
    'sort',
    "The order (an extension to Open Referral UK): `relevance` (as the directory's search page ranks), `distance` (nearest venue first), `soonest` (next session first) or `name`. By default: relevance with `search`, else distance with `postcode`, else name. Words are matched as the search page matches them, misspellings corrected when the words as typed match nothing.",
    { type: 'string', enum: [...SEARCH_SORTS] },
  ),
];

const json = (schema: string) => ({
  content: { 'application/json': { schema: { $ref: `${ORUK_SCHEMA}/${schema}` } } },
});

const errors = {
  '400': {
    description: 'A parameter could not be used; the body names it.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};
const notFound = {
  '404': {
    description: 'No record has this id.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};

const list = (summary: string, schema: string, parameters: Parameter[]) => ({
  get: {
    summary,
    parameters: [...parameters, ...paging],
    responses: {
      '200': {
        description:
          'A page in the Open Referral UK envelope, or with `format=ndjson` every record as a line.',
        ...json(schema),
        headers: { ETag: { schema: { type: 'string' } } },
      },
      '304': { description: 'Unchanged since the ETag given in If-None-Match.' },
      ...errors,
    },
  },
});

const detail = (summary: string, schema: string, parameters: Parameter[] = []) => ({
  get: {
    summary,
    parameters: [idPath, ...parameters],
    responses: { '200': { description: summary, ...json(schema) }, ...errors, ...notFound },
  },
});

const fullParameter = query('full', 'Return fully nested services instead of their one-to-one fields.', {
  type: 'boolean',
});
const fullService = query('full_service', 'Nest full services inside the organization.', { type: 'boolean' });

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Community activity directory: Open Referral UK API',
      version: 'HSDS-UK-3.0',
      description:
        'Read-only access to the directory in the Open Referral UK 3.0 profile of HSDS. Listed services are those active or temporarily closed. Responses carry CORS (*), ETag and Cache-Control headers.',
    },
    servers: [{ url: '/api' }],
    paths: {
      '/': {
        get: {
          summary: 'What this API is and which profile it follows',
          responses: { '200': { description: 'API details', ...json('api_details.json') } },
        },
      },
      '/services': list('Services', 'service_list.json', [...serviceFilters, fullParameter]),
      '/services/{id}': detail('A fully nested service', 'service.json'),
      '/service_at_locations': list('Services at their locations', 'service_at_location_list.json', [
        ...serviceFilters,
        query('full', 'Nest each fully nested service instead of its one-to-one fields.', {
          type: 'boolean',
        }),
      ]),
      '/service_at_locations/{id}': detail(
        'A service at a location, with its location and its fully nested service',
        'service_at_location.json',
      ),
      '/organizations': list('Organizations', 'organization_list.json', [
        search,
        query('full', "Nest each organization's services (their one-to-one fields).", { type: 'boolean' }),
        fullService,
      ]),
      '/organizations/{id}': detail('An organization with its services', 'organization.json', [fullService]),
      '/taxonomies': list('Taxonomies', 'taxonomy_list.json', [search]),
      '/taxonomies/{id}': detail('A taxonomy with its terms', 'taxonomy.json'),
      '/taxonomy_terms': list('Taxonomy terms', 'taxonomy_term_list.json', [
        search,
        query('taxonomy_id', 'Only terms of this taxonomy.'),
        query('parent_id', 'Only the children of this term.'),
        query('top_only', 'Only terms without a parent.', { type: 'boolean' }),
      ]),
      '/taxonomy_terms/{id}': detail('A taxonomy term', 'taxonomy_term.json'),
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['status', 'error', 'message'],
          properties: {
            status: { type: 'integer' },
            error: { type: 'string' },
            message: { type: 'string' },
            parameter: { type: 'string', description: 'The query parameter at fault, for a 400.' },
          },
        },
      },
    },
  };
}
