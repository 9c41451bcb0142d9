import {
  diffDays,
  InvalidLocalDateError,
  isLocalDate,
  type LocalDate,
} from './local-date'

/** Where a pet stands for one vaccine or one kind of parasite control. */
export type CareStatus =
  | 'not_started'
  | 'due_soon'
  | 'due'
  | 'overdue'
  | 'up_to_date'
  | 'not_applicable'

/** The windows around a due date that decide the status. */
export interface DueWindow {
  /** Days before the due date that count as due soon; 14 by default. */
  dueSoonDays?: number
  /** Days after the due date still shown as due, not overdue; 7 by default. */
  graceDays?: number
}

/** Why a history record was left out of the computation. */
export type IgnoredReason =
  | 'UNKNOWN_ID'
  | 'UNKNOWN_KIND'
  | 'DISABLED'
  | 'INVALID_DATE'
  | 'BEFORE_BIRTH'
  | 'AFTER_TODAY'

/** A history record the rules did not use, and why. */
export interface IgnoredRecord<T> {
  record: T
  reason: IgnoredReason
}

/** The status part of a result: what to show, and how late. */
export interface DueVerdict {
  status: CareStatus
  /** Days past the due date; set only when overdue. */
  daysOverdue?: number
}

const DUE_SOON_DAYS = 14
const GRACE_DAYS = 7

/** The verdict for a pet that has history: judged by its next due date. */
export function judgeDue(
  nextDueAt: LocalDate,
  today: LocalDate,
  window: DueWindow,
): DueVerdict {
  const daysLeft = diffDays(today, nextDueAt)
  if (daysLeft > (window.dueSoonDays ?? DUE_SOON_DAYS)) {
    return { status: 'up_to_date' }
  }
  if (daysLeft > 0) {
    return { status: 'due_soon' }
  }
  if (-daysLeft <= (window.graceDays ?? GRACE_DAYS)) {
    return { status: 'due' }
  }
  return { status: 'overdue', daysOverdue: -daysLeft }
}

/**
 * The verdict for a pet with no history: too young until `eligibleAt` (due
 * soon in the last days before it). From then on a routine item (a core
 * vaccine, parasite control) is due at `eligibleAt` like any other dose, so
 * overdue once the grace is over; an optional one (a non-core vaccine) is
 * only not started, whenever it is looked at.
 */
export function judgeFirst(
  eligibleAt: LocalDate,
  today: LocalDate,
  window: DueWindow,
  routine: boolean,
): DueVerdict & { tooYoung: boolean } {
  const daysLeft = diffDays(today, eligibleAt)
  if (daysLeft <= 0) {
    return routine
      ? { ...judgeDue(eligibleAt, today, window), tooYoung: false }
      : { status: 'not_started', tooYoung: false }
  }
  const soon = daysLeft <= (window.dueSoonDays ?? DUE_SOON_DAYS)
  return { status: soon ? 'due_soon' : 'not_applicable', tooYoung: true }
}

/** Why a record's date cannot be used, or null when it can. */
export function checkRecordDate(
  givenAt: unknown,
  birthDate: LocalDate,
  today: LocalDate,
): IgnoredReason | null {
  if (!isLocalDate(givenAt)) {
    return 'INVALID_DATE'
  }
  if (givenAt < birthDate) {
    return 'BEFORE_BIRTH'
  }
  return givenAt > today ? 'AFTER_TODAY' : null
}

/**
 * Checks the dates a computation cannot do without.
 * @throws InvalidLocalDateError naming the first one that is not a date
 */
export function requireDates(...dates: unknown[]): void {
  for (const date of dates) {
    if (!isLocalDate(date)) {
      throw new InvalidLocalDateError(date)
    }
  }
}
