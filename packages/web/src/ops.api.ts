import type { Health, OpsSummary } from '@petcare/shared'
import { ApiError, CLIENT_ERROR_CODES, getJson } from './http'

export type {
  EventStatusCount,
  EventTypeCount,
  Health,
  OpsSummary,
} from '@petcare/shared'

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
