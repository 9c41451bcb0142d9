/**
 * Telling database failures apart by what the drivers put on the error
 * (TypeORM wraps them and keeps the driver's error): mysql2's `code` and
 * `errno`, better-sqlite3's `code`.
 */
function codeOf(error: unknown): string {
  const e = error as {
    code?: unknown
    driverError?: { code?: unknown }
  } | null
  return String(e?.driverError?.code ?? e?.code ?? '')
}

/** A unique key refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error)
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_OPTION_PREVENTS_STATEMENT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
])

/**
 * The database cannot be reached or cannot write right now: a 503 the
 * client may retry, not a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error)
  return UNAVAILABLE.has(code) || code.startsWith('SQLITE_IOERR')
}
