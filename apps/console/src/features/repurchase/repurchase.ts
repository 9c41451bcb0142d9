import type { ConsoleLevel, RepurchaseReport } from '@petcare/shared'
import { withQuery } from '@petcare/web/http'
import {
  currentMonth,
  isMonth,
  monthsBetween,
  shiftMonth,
} from '../../shared/week'

export type RepurchaseBy = RepurchaseReport['by']

export interface RepurchaseQuery {
  from: string
  to: string
  by: RepurchaseBy
}

/** The longest range the server answers (`from` to `to`, both included). */
export const MAX_MONTHS = 24
/** What the page shows first: the last twelve months, in total. */
export const DEFAULT_MONTHS = 12

const BYS: readonly RepurchaseBy[] = ['total', 'region', 'hospital']

/**
 * The groupings a level is offered. A store manager sees one hospital: by
 * region would show only their store's part under the region's name, and
 * by hospital the same row as the total, so they get the total alone.
 */
export function bysFor(level: ConsoleLevel): RepurchaseBy[] {
  return level === 'store' ? ['total'] : [...BYS]
}

const text = (value: unknown): string | null => {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : null
}

/**
 * The report an address asks for; malformed parts, and a grouping the
 * level is not offered, take their defaults.
 */
export function repurchaseFromRoute(
  route: Record<string, unknown>,
  now: Date,
  level: ConsoleLevel = 'head_office',
): RepurchaseQuery {
  const to = text(route.to)
  const last = isMonth(to) ? to : currentMonth(now)
  const from = text(route.from)
  const by = bysFor(level).find((b) => b === text(route.by)) ?? 'total'
  return {
    from: isMonth(from) ? from : shiftMonth(last, 1 - DEFAULT_MONTHS),
    to: last,
    by,
  }
}

/** What is wrong with a range, or null when the server will take it. */
export function rangeProblem(
  q: RepurchaseQuery,
): 'reversed' | 'too_long' | null {
  if (q.to < q.from) return 'reversed'
  if (monthsBetween(q.from, q.to).length > MAX_MONTHS) return 'too_long'
  return null
}

export function repurchaseUrl(q: RepurchaseQuery): string {
  return withQuery('/api/console/repurchase', { ...q })
}

/**
 * The months the table has columns for: the asked range, whatever months
 * the groups happen to have, so a group without a cohort shows a gap.
 */
export function reportMonths(report: RepurchaseReport): string[] {
  return monthsBetween(report.from, report.to)
}

/** Whether no cohort has any customer at all. */
export function isEmptyReport(report: RepurchaseReport): boolean {
  return report.groups.every((g) => g.cohorts.every((c) => c.customers === 0))
}
