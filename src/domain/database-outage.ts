// Whether an error means the database cannot be reached right now (a 503 and "try again"), not a bug (a 500).

/** Postgres SQLSTATEs for a server shutting down, starting up, or a broken connection (class 08). */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors from node when the server is gone or does not answer. */
const UNAVAILABLE_SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
/** node-postgres raises these without a code: the pool's connect timeout, a dropped or timed-out connection. */
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|the database system is|terminating connection/i;

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  // TypeORM wraps the driver's error (driverError); pg's AggregateError holds one per address (errors).
  const queue: unknown[] = [error];
  for (let depth = 0; queue.length > 0 && depth < 10; depth++) {
    const current = queue.shift() as Record<string, unknown> | null | undefined;
    if (!current || typeof current !== 'object') continue;
    if (typeof current.code === 'string') codes.push(current.code);
    queue.push(current.driverError, current.cause);
    if (Array.isArray(current.errors)) queue.push(...current.errors);
  }
  return codes;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const codes = codesOf(error);
  if (codes.some((code) => code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))) return true;
  if (codes.some((code) => UNAVAILABLE_SOCKET_ERRORS.has(code))) return true;
  return UNAVAILABLE_MESSAGES.test(String((error as { message?: unknown } | null)?.message ?? ''));
}
