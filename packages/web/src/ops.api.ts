import { ApiError, CLIENT_ERROR_CODES, getJson } from './http'

/** The body of `GET /healthz`: `status` is 'ok' while the server runs. */
export interface Health {
  status: string
}

/** How many callback events of one type (and change type) the server holds. */
export interface EventTypeCount {
  event: string
  /** Events without a `ChangeType` have none. */
  changeType: string | null
  count: number
}

/** How many callback events are in one processing status. */
export interface EventStatusCount {
  status: string
  count: number
}

/**
 * The body of `GET /api/ops/summary`: the server's mode, corp and database,
 * and the counts of the callback events it has received.
 */
export interface OpsSummary {
  mode: 'demo' | 'production'
  corpId: string
  database: 'sqlite' | 'mysql'
  events: {
    total: number
    last24h: number
    /** ISO 8601 (UTC), or null before the first event. */
    lastReceivedAt: string | null
    byType: EventTypeCount[]
    byStatus: EventStatusCount[]
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

/**
 * Returns what is wrong with a summary body, or null when it fits; the check
 * `fetchOpsSummary` runs before it trusts the body.
 */
export function summaryProblem(body: unknown): string | null {
  if (!isRecord(body)) return 'not an object'
  if (body.mode !== 'demo' && body.mode !== 'production') return 'mode'
  if (typeof body.corpId !== 'string') return 'corpId'
  if (typeof body.database !== 'string') return 'database'
  const events = body.events
  if (!isRecord(events)) return 'events'
  if (!isCount(events.total)) return 'events.total'
  if (!isCount(events.last24h)) return 'events.last24h'
  const last = events.lastReceivedAt
  if (last !== null && (typeof last !== 'string' || isNaN(Date.parse(last)))) {
    return 'events.lastReceivedAt'
  }
  if (
    !Array.isArray(events.byType) ||
    !events.byType.every(
      (row) =>
        isRecord(row) &&
        typeof row.event === 'string' &&
        (row.changeType == null || typeof row.changeType === 'string') &&
        isCount(row.count),
    )
  ) {
    return 'events.byType'
  }
  if (
    !Array.isArray(events.byStatus) ||
    !events.byStatus.every(
      (row) =>
        isRecord(row) && typeof row.status === 'string' && isCount(row.count),
    )
  ) {
    return 'events.byStatus'
  }
  return null
}

/** Asks `GET /healthz` whether the server is up. */
export function fetchHealth(): Promise<Health> {
  return getJson<Health>('/healthz')
}

/**
 * Loads `GET /api/ops/summary`; a body of another shape is an `ApiError`
 * with the code INVALID_RESPONSE.
 */
export async function fetchOpsSummary(): Promise<OpsSummary> {
  const body = await getJson<unknown>('/api/ops/summary')
  const problem = summaryProblem(body)
  if (problem !== null) {
    throw new ApiError({
      status: 200,
      code: CLIENT_ERROR_CODES.invalidResponse,
      message: `/api/ops/summary: unexpected ${problem}`,
    })
  }
  const summary = body as OpsSummary
  // Normalise a missing changeType to null.
  for (const row of summary.events.byType) row.changeType ??= null
  return summary
}
