import type { ConsoleLevel, EventLogPage } from '@petcare/shared'
import { withQuery } from '@petcare/web/http'

export type LoggedEvent = EventLogPage['events'][number]

/** The statuses in the order an event passes through them. */
export const STATUS_ORDER = [
  'pending',
  'processing',
  'done',
  'failed',
  'parked',
]

/** Status counts in that order (unknown statuses last), with a total. */
export function orderedCounts(counts: EventLogPage['counts']): {
  total: number
  rows: { status: string; count: number }[]
} {
  const rank = (s: string) => {
    const i = STATUS_ORDER.indexOf(s)
    return i === -1 ? STATUS_ORDER.length : i
  }
  const rows = [...counts].sort(
    (a, b) =>
      rank(a.status) - rank(b.status) || a.status.localeCompare(b.status),
  )
  return { total: rows.reduce((sum, r) => sum + r.count, 0), rows }
}

/** Only head office retries, and only what stopped: parked or failed. */
export function mayRetry(event: LoggedEvent, level: ConsoleLevel): boolean {
  return (
    level === 'head_office' &&
    (event.status === 'parked' || event.status === 'failed')
  )
}

export function eventsUrl(
  status: string | null,
  before: string | null,
): string {
  return withQuery('/api/console/events', { status, before })
}

/** Who or what an event concerns, as [kind, id] pairs, for the subject column. */
export function subjects(
  event: LoggedEvent,
): ['user' | 'external' | 'chat', string][] {
  const out: ['user' | 'external' | 'chat', string][] = []
  if (event.userId) out.push(['user', event.userId])
  if (event.externalUserId) out.push(['external', event.externalUserId])
  if (event.chatId) out.push(['chat', event.chatId])
  return out
}

/** The status a 409 `EVENT_NOT_RETRYABLE` found the event in, if it says. */
export function refusedStatus(details: unknown): string | null {
  const status =
    typeof details === 'object' && details !== null
      ? (details as { status?: unknown }).status
      : undefined
  return typeof status === 'string' ? status : null
}
