// The Open Referral UK 3.0 read API, mounted at /api: JSON only, with its own 404 and error handler.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../services/index.js';
import type { BatchConsumer, OrukPage } from '../services/open-referral.js';
import { openApiDocument, ORUK_PROFILE_URL } from './openapi.js';
import {
  organizationDetailParametersOf,
  organizationParametersOf,
  serviceParametersOf,
  taxonomyTermParametersOf,
  textParametersOf,
  type Paging,
} from './parameters.js';
import {
  allowAnyOrigin,
  apiErrorHandler,
  apiNotFound,
  sendJson,
  sendNdjson,
  sendNotFound,
} from './responses.js';

export const API_PATH = '/api';

/** A page as JSON, or with format=ndjson every matching record streamed. */
async function sendList(
  req: Request,
  res: Response,
  paging: Paging,
  page: () => Promise<OrukPage>,
  stream: (consume: BatchConsumer) => Promise<void>,
): Promise<void> {
  if (paging.format === 'ndjson') await sendNdjson(res, stream);
  else sendJson(req, res, await page());
}

/** Ids are opaque text; one that could never be stored (a NUL byte) simply does not exist. */
const storableId = (id: string) => !id.includes('\0');

export function apiRoutes(services: Services): Router {
  const api = services.openReferral;
  const router = Router();
  router.use(allowAnyOrigin);

  router.get('/', (req, res) => {
    // From BASE_URL, never from the Host or X-Forwarded-* headers a client can make up.
    sendJson(req, res, {
      version: 'HSDS-UK-3.0',
      profile: ORUK_PROFILE_URL,
      openapi_url: `${services.settings.baseUrl}${API_PATH}/openapi.json`,
    });
  });

  router.get('/openapi.json', (req, res) => sendJson(req, res, openApiDocument()));

  router.get('/services', async (req, res) => {
    const { page, perPage, format, ...query } = serviceParametersOf(req.query);
    await sendList(
      req,
      res,
      { page, perPage, format },
      () => api.listServices(query, { page, perPage }),
      (consume) => api.streamServices(query, consume),
    );
  });

  router.get('/services/:id', async (req, res) => {
    const id = String(req.params.id);
    const service = storableId(id) ? await api.service(id) : null;
    if (!service) return sendNotFound(res, 'service', id);
    sendJson(req, res, service);
  });

  router.get('/service_at_locations', async (req, res) => {
    const { page, perPage, format, ...query } = serviceParametersOf(req.query);
    await sendList(
      req,
      res,
      { page, perPage, format },
      () => api.listServicesAtLocations(query, { page, perPage }),
      (consume) => api.streamServicesAtLocations(query, consume),
    );
  });

  router.get('/service_at_locations/:id', async (req, res) => {
    const id = String(req.params.id);
    const record = storableId(id) ? await api.serviceAtLocation(id) : null;
    if (!record) return sendNotFound(res, 'service at location', id);
    sendJson(req, res, record);
  });

  router.get('/organizations', async (req, res) => {
    const { page, perPage, format, ...filter } = organizationParametersOf(req.query);
    await sendList(
      req,
      res,
      { page, perPage, format },
      () => api.listOrganizations(filter, { page, perPage }),
      (consume) => api.streamOrganizations(filter, consume),
    );
  });

  router.get('/organizations/:id', async (req, res) => {
    const id = String(req.params.id);
    const { fullService } = organizationDetailParametersOf(req.query);
    const organization = storableId(id) ? await api.organization(id, fullService) : null;
    if (!organization) return sendNotFound(res, 'organization', id);
    sendJson(req, res, organization);
  });

  router.get('/taxonomies', async (req, res) => {
    const { page, perPage, format, text } = textParametersOf(req.query);
    await sendList(
      req,
      res,
      { page, perPage, format },
      () => api.listTaxonomies({ text }, { page, perPage }),
      (consume) => api.streamTaxonomies({ text }, consume),
    );
  });

  router.get('/taxonomies/:id', async (req, res) => {
    const id = String(req.params.id);
    const taxonomy = storableId(id) ? await api.taxonomy(id) : null;
    if (!taxonomy) return sendNotFound(res, 'taxonomy', id);
    sendJson(req, res, taxonomy);
  });

  router.get('/taxonomy_terms', async (req, res) => {
    const { page, perPage, format, ...filter } = taxonomyTermParametersOf(req.query);
    await sendList(
      req,
      res,
      { page, perPage, format },
      () => api.listTaxonomyTerms(filter, { page, perPage }),
      (consume) => api.streamTaxonomyTerms(filter, consume),
    );
  });

  router.get('/taxonomy_terms/:id', async (req, res) => {
    const id = String(req.params.id);
    const term = storableId(id) ? await api.taxonomyTerm(id) : null;
    if (!term) return sendNotFound(res, 'taxonomy term', id);
    sendJson(req, res, term);
  });

  router.use(apiNotFound);
  router.use(apiErrorHandler);
  return router;
}
