// A local stand-in for GOV.UK Notify, NOT the service: an HTTP server that answers the two calls the directory makes
// (POST /v2/notifications/sms and GET /v2/notifications/{id}) as Notify's API documentation describes them,
// including its authentication: a JWT bearer token signed HS256 with the API key's secret, whose iss is the
// service id and whose iat is within 30 seconds of now. Tests point NOTIFY_BASE_URL at it, because the real
// service cannot be reached from where the tests run. It sends nothing anywhere.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInSms {
  id: string;
  template_id: string;
  phone_number: string;
  personalisation: Record<string, string>;
  reference: string | null;
  body: string;
  /** The statuses the next reads of this notification give, one per read; the last one stays. */
  statuses: string[];
  created_at: string;
}

export interface NotifyStandIn {
  url: string;
  /** A key this stand-in accepts: "name-serviceid-secret", as Notify issues them. */
  apiKey: string;
  serviceId: string;
  /** Every text message accepted, oldest first. */
  received: StandInSms[];
  /** Every request, with the status it was answered with. */
  requests: { method: string; path: string; status: number }[];
  /** The statuses the next accepted message will go through as it is read; by default sending, then delivered. */
  nextStatuses: string[];
  /** Answers the next request with this HTTP status and a Notify-style error, as an outage would. */
  failNextWith(status: number): void;
  close(): Promise<void>;
}

type Errors = { error: string; message: string }[];

const errorBody = (status: number, errors: Errors) => ({ status_code: status, errors });

/** Checks the bearer token as Notify does; the reason it is refused, or null. */
function tokenProblem(
  header: string | undefined,
  serviceId: string,
  secret: string,
  now: number,
): string | null {
  if (!header?.startsWith('Bearer ')) return 'Unauthorized: authentication token must be provided';
  const [head, payload, signature] = header.slice('Bearer '.length).split('.');
  if (!head || !payload || !signature) return 'Invalid token: signature, api token not found';
  const parsed = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    if (parsed(head).alg !== 'HS256') return 'Invalid token: algorithm used is not HS256';
    claims = parsed(payload);
  } catch {
    return 'Invalid token: signature, api token not found';
  }
  const expected = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'Invalid token: signature, api token not found';
  if (claims.iss !== serviceId) return 'Invalid token: service not found';
  if (typeof claims.iat !== 'number') return 'Invalid token: missing iat';
  if (Math.abs(now / 1000 - claims.iat) > 30)
    return 'Error: Your system clock must be accurate to within 30 seconds';
  return null;
}

/** Notify accepts UK mobile numbers, with or without +44, spaces and brackets. */
const UK_MOBILE = /^(?:\+?44|0)7\d{9}$/;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * Starts the stand-in on a free loopback port. `templates` maps each template id it knows to its text, with
 * ((placeholders)) filled from the personalisation, as Notify fills them.
 */
export async function startNotifyStandIn(templates: Record<string, string>): Promise<NotifyStandIn> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const received: StandInSms[] = [];
  const requests: NotifyStandIn['requests'] = [];
  let failNext: number | null = null;
  const standIn = {
    nextStatuses: ['sending', 'delivered'],
  } as NotifyStandIn;

  const answer = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (failNext !== null) {
        const status = failNext;
        failNext = null;
        return answer(
          req,
          res,
          status,
          errorBody(status, [{ error: 'Exception', message: 'Internal server error' }]),
        );
      }
      const refused = tokenProblem(req.headers.authorization, serviceId, secret, Date.now());
      if (refused) return answer(req, res, 403, errorBody(403, [{ error: 'AuthError', message: refused }]));
      const url = new URL(req.url ?? '/', 'http://stand-in');

      if (req.method === 'POST' && url.pathname === '/v2/notifications/sms') {
        const body = await readJson(req);
        if (!body)
          return answer(
            req,
            res,
            400,
            errorBody(400, [{ error: 'BadRequestError', message: 'Invalid JSON' }]),
          );
        const templateId = String(body.template_id ?? '');
        const template = templates[templateId];
        if (!template)
          return answer(
            req,
            res,
            400,
            errorBody(400, [{ error: 'BadRequestError', message: 'Template not found' }]),
          );
        const number = String(body.phone_number ?? '').replace(/[\s()-]/g, '');
        if (!UK_MOBILE.test(number))
          return answer(
            req,
            res,
            400,
            errorBody(400, [{ error: 'ValidationError', message: 'phone_number Not a UK mobile number' }]),
          );
        const personalisation = (body.personalisation ?? {}) as Record<string, string>;
        const missing = [...template.matchAll(/\(\(([^)]+)\)\)/g)]
          .map((m) => m[1])
          .filter((name) => !(name in personalisation));
        if (missing.length)
          return answer(
            req,
            res,
            400,
            errorBody(400, [
              { error: 'BadRequestError', message: `Missing personalisation: ${missing.join(', ')}` },
            ]),
          );
        const text = template.replace(/\(\(([^)]+)\)\)/g, (_, name: string) => personalisation[name]);
        const sms: StandInSms = {
          id: randomUUID(),
          template_id: templateId,
          phone_number: String(body.phone_number),
          personalisation,
          reference: typeof body.reference === 'string' ? body.reference : null,
          body: text,
          statuses: [...standIn.nextStatuses],
          created_at: new Date().toISOString(),
        };
        received.push(sms);
        return answer(req, res, 201, {
          id: sms.id,
          reference: sms.reference,
          content: { body: text, from_number: 'GOVUK' },
          uri: `${standIn.url}/v2/notifications/${sms.id}`,
          template: {
            id: templateId,
            version: 1,
            uri: `${standIn.url}/services/${serviceId}/templates/${templateId}`,
          },
        });
      }

      const read = /^\/v2\/notifications\/([0-9a-f-]{36})$/.exec(url.pathname);
      if (req.method === 'GET' && read) {
        const sms = received.find((s) => s.id === read[1]);
        if (!sms)
          return answer(
            req,
            res,
            404,
            errorBody(404, [{ error: 'NoResultFound', message: 'No result found' }]),
          );
        const status = sms.statuses.length > 1 ? sms.statuses.shift()! : sms.statuses[0];
        const final = !['created', 'sending', 'pending'].includes(status);
        return answer(req, res, 200, {
          id: sms.id,
          reference: sms.reference,
          phone_number: sms.phone_number,
          type: 'sms',
          status,
          template: { id: sms.template_id, version: 1, uri: '' },
          body: sms.body,
          created_at: sms.created_at,
          sent_at: sms.created_at,
          completed_at: final ? new Date().toISOString() : null,
          is_cost_data_ready: false,
        });
      }
      return answer(req, res, 404, errorBody(404, [{ error: 'NotFound', message: 'Not found' }]));
    })();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}`,
    apiKey: `stand-in-${serviceId}-${secret}`,
    serviceId,
    received,
    requests,
    failNextWith: (status: number) => {
      failNext = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
