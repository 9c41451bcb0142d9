import type { LostReport } from '@petcare/shared'
import { withQuery } from '@petcare/web/http'
import { shiftDay } from '../../shared/week'

export interface LostQuery {
  /** `YYYY-MM-DD`, China time, both ends included. */
  from: string
  to: string
  /** Alert on a member who removed more than this many in a day. */
  threshold: string
}

/** The last 30 days to today, alerting above 5 a day (the server's defaults). */
export function defaultLostQuery(today: string): LostQuery {
  return { from: shiftDay(today, -29), to: today, threshold: '5' }
}

/** What is wrong with the query, or null. */
export function lostProblem(q: LostQuery): 'dates' | 'threshold' | null {
  if (!q.from || !q.to || q.to < q.from) return 'dates'
  const n = Number(q.threshold)
  if (!/^\s*\d+\s*$/.test(q.threshold) || n < 1 || n > 1000) {
    return 'threshold'
  }
  return null
}

export function lostUrl(q: LostQuery): string {
  return withQuery('/api/console/lost', {
    from: q.from,
    to: q.to,
    threshold: Number(q.threshold),
  })
}

/** Customers lost in the range, by who ended it. */
export function lostTotals(report: LostReport): {
  byMember: number
  byCustomer: number
} {
  return report.byMember.reduce(
    (sum, m) => ({
      byMember: sum.byMember + m.removedByMember,
      byCustomer: sum.byCustomer + m.removedByCustomer,
    }),
    { byMember: 0, byCustomer: 0 },
  )
}

/** Members with an alert, and on how many days. */
export function alertDays(report: LostReport): Map<string, number> {
  const days = new Map<string, number>()
  for (const a of report.alerts)
    days.set(a.userId, (days.get(a.userId) ?? 0) + 1)
  return days
}
