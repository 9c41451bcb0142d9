import type { CareLine, CareStatusName } from '@petcare/shared'
import { daysBetween } from '../../shared/dates'
import { messages } from '../../shared/i18n'

/** How loud a badge is: red, amber, green or grey. */
export type BadgeTone = 'danger' | 'warn' | 'ok' | 'muted'

export interface CareBadge {
  tone: BadgeTone
  text: string
}

const t = messages.care.badge

/**
 * The badge of a vaccine or deworming line: the server's status, with the
 * day counts worked out from the response's `today` (never the device clock).
 */
export function careBadge(line: CareLine, today: string): CareBadge {
  const untilDue = daysBetween(today, line.nextDueOn)
  switch (line.status) {
    case 'overdue': {
      const days = line.daysOverdue ?? (untilDue === null ? 0 : -untilDue)
      return { tone: 'danger', text: t.overdue(Math.max(days, 1)) }
    }
    case 'due':
      return untilDue !== null && untilDue < 0
        ? { tone: 'warn', text: t.dueAgo(-untilDue) }
        : { tone: 'warn', text: t.due }
    case 'due_soon':
      return untilDue !== null && untilDue > 0
        ? { tone: 'warn', text: t.due_soon(untilDue) }
        : { tone: 'warn', text: t.due }
    case 'up_to_date':
      return { tone: 'ok', text: t.up_to_date }
    case 'not_started':
      return { tone: 'muted', text: t.not_started }
    case 'not_applicable':
      return { tone: 'muted', text: t.not_applicable }
  }
}

/**
 * The line under a vaccine's or a deworming's name: the last dose (or that
 * there was none) and the date that matters. A date already past is the
 * day it fell due ("应于"), never "next"; a non-core vaccine never started
 * is optional and has no date to keep.
 */
export function careDetail(
  line: CareLine,
  today: string,
  kind: 'vaccine' | 'deworming',
): string {
  const last = line.lastGivenOn
    ? messages.care.last(line.lastGivenOn)
    : messages.care.never[kind]
  if (line.status === 'not_started') {
    return `${last} · ${messages.care.optional}`
  }
  const untilDue = daysBetween(today, line.nextDueOn)
  const when =
    untilDue !== null && untilDue < 0
      ? messages.care.dueOn(line.nextDueOn)
      : messages.care.next(line.nextDueOn)
  return `${last} · ${when}`
}

const URGENCY: Record<CareStatusName, number> = {
  overdue: 0,
  due: 1,
  due_soon: 2,
  not_started: 3,
  up_to_date: 4,
  not_applicable: 5,
}

/** The lines most in need of action first; then by due date. */
export function sortCareLines(lines: readonly CareLine[]): CareLine[] {
  return [...lines].sort(
    (a, b) =>
      URGENCY[a.status] - URGENCY[b.status] ||
      a.nextDueOn.localeCompare(b.nextDueOn),
  )
}
