import { addMonths, addWeeks, diffDays, type LocalDate } from './local-date'
import type {
  CareName,
  CareProtocol,
  DewormingKind,
  DewormingSchedule,
  Species,
} from './protocol'
import {
  checkRecordDate,
  type DueVerdict,
  type DueWindow,
  type IgnoredReason,
  type IgnoredRecord,
  judgeDue,
  judgeFirst,
  requireDates,
} from './status'

/** One deworming treatment; a combined product lists both kinds. */
export interface DewormingTreatment {
  kinds: readonly DewormingKind[]
  givenAt: LocalDate
  product?: string
}

/** The pet, its deworming history, the day to judge on and the table. */
export interface DewormingStatusInput extends DueWindow {
  species: Species
  birthDate: LocalDate
  treatments: readonly DewormingTreatment[]
  today: LocalDate
  protocol: CareProtocol
}

/**
 * Which interval the next treatment follows. `ADULT_INTERVAL` is the one after
 * the young phases, and the only one for a schedule without them.
 */
export type DewormingReason = 'TOO_YOUNG' | 'YOUNG_INTERVAL' | 'ADULT_INTERVAL'

/** What is due next for one kind of parasite control. */
export interface DewormingStatus extends DueVerdict {
  scheduleId: string
  kind: DewormingKind
  name: CareName
  lastGivenAt: LocalDate | null
  treatmentsGiven: number
  /** For a pet never treated: the first day it may be treated. */
  nextDueAt: LocalDate
  reason: DewormingReason
}

/** Statuses for every enabled schedule, plus the treatments not used. */
export interface DewormingStatusReport {
  statuses: DewormingStatus[]
  ignoredTreatments: IgnoredRecord<DewormingTreatment>[]
}

/**
 * What internal and external parasite control the pet needs next: the young
 * interval while the last treatment fell in a young phase, the adult one after.
 * @throws InvalidLocalDateError when `birthDate` or `today` is not a date
 */
export function computeDewormingStatus(
  input: DewormingStatusInput,
): DewormingStatusReport {
  const { birthDate, today } = input
  requireDates(birthDate, today)
  const schedules = input.protocol.species[input.species].deworming
  const ignoredTreatments: IgnoredRecord<DewormingTreatment>[] = []
  const used: DewormingTreatment[] = []

  for (const treatment of input.treatments) {
    const matching = schedules.filter((s) => treatment.kinds.includes(s.kind))
    const reason: IgnoredReason | null =
      matching.length === 0
        ? 'UNKNOWN_KIND'
        : !matching.some((s) => s.enabled)
          ? 'DISABLED'
          : checkRecordDate(treatment.givenAt, birthDate, today)
    if (reason) {
      ignoredTreatments.push({ record: treatment, reason })
    } else {
      used.push(treatment)
    }
  }

  const statuses = schedules
    .filter((s) => s.enabled)
    .map((s): DewormingStatus => {
      const dates = used
        .filter((t) => t.kinds.includes(s.kind))
        .map((t) => t.givenAt)
      const given = [...new Set(dates)].sort()
      return {
        scheduleId: s.id,
        kind: s.kind,
        name: s.name,
        lastGivenAt: given.at(-1) ?? null,
        treatmentsGiven: given.length,
        ...judgeDeworming(s, birthDate, today, given.at(-1), input),
      }
    })
  return { statuses, ignoredTreatments }
}

function judgeDeworming(
  s: DewormingSchedule,
  birth: LocalDate,
  today: LocalDate,
  last: LocalDate | undefined,
  window: DueWindow,
): DueVerdict & { nextDueAt: LocalDate; reason: DewormingReason } {
  const phaseAt = (date: LocalDate) =>
    s.youngPhases.find((p) => diffDays(birth, date) < p.untilAgeWeeks * 7)
  if (last === undefined) {
    const nextDueAt = addWeeks(birth, s.firstAgeWeeks)
    // Every pet needs parasite control: a first treatment never given is
    // late like a later one.
    const { tooYoung, ...verdict } = judgeFirst(nextDueAt, today, window, true)
    const reason = tooYoung
      ? 'TOO_YOUNG'
      : phaseAt(today)
        ? 'YOUNG_INTERVAL'
        : 'ADULT_INTERVAL'
    return { ...verdict, nextDueAt, reason }
  }
  const phase = phaseAt(last)
  const nextDueAt = phase
    ? addWeeks(last, phase.intervalWeeks)
    : addMonths(last, s.adultIntervalMonths)
  const reason = phase ? 'YOUNG_INTERVAL' : 'ADULT_INTERVAL'
  return { ...judgeDue(nextDueAt, today, window), nextDueAt, reason }
}
