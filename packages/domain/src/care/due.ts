import { addMonths, addWeeks, diffDays, type LocalDate } from './local-date'
import type {
  CareName,
  CareProtocol,
  Species,
  VaccineSchedule,
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

/** One vaccination from the pet's file. */
export interface VaccineDose {
  vaccineId: string
  /** The clinic's own numbering; the rules count doses by date instead. */
  doseNumber?: number
  givenAt: LocalDate
}

/** The pet, its vaccination history, the day to judge on and the table. */
export interface VaccineStatusInput extends DueWindow {
  species: Species
  birthDate: LocalDate
  doses: readonly VaccineDose[]
  today: LocalDate
  protocol: CareProtocol
}

/** Which step of the schedule the next dose belongs to. */
export type VaccineReason =
  'TOO_YOUNG' | 'PRIMARY_SERIES' | 'ADULT_START' | 'BOOSTER' | 'REVACCINATION'

/** What is due next for one vaccine. */
export interface VaccineStatus extends DueVerdict {
  vaccineId: string
  name: CareName
  core: boolean
  lastGivenAt: LocalDate | null
  dosesGiven: number
  /** For a pet with no doses: the first day the first dose may be given. */
  nextDueAt: LocalDate
  reason: VaccineReason
}

/** Statuses for every enabled vaccine, plus the doses that were not used. */
export interface VaccineStatusReport {
  statuses: VaccineStatus[]
  ignoredDoses: IgnoredRecord<VaccineDose>[]
}

/**
 * What each enabled vaccine of the pet's species needs next, and whether it is
 * late. Doses on the same day count once; unknown ids are reported, not used.
 * @throws InvalidLocalDateError when `birthDate` or `today` is not a date
 */
export function computeVaccineStatus(
  input: VaccineStatusInput,
): VaccineStatusReport {
  const { birthDate, today } = input
  requireDates(birthDate, today)
  const schedules = input.protocol.species[input.species].vaccines
  const dates = new Map<string, Set<LocalDate>>()
  const ignoredDoses: IgnoredRecord<VaccineDose>[] = []

  for (const dose of input.doses) {
    const schedule = schedules.find((s) => s.id === dose.vaccineId)
    const reason: IgnoredReason | null = !schedule
      ? 'UNKNOWN_ID'
      : !schedule.enabled
        ? 'DISABLED'
        : checkRecordDate(dose.givenAt, birthDate, today)
    if (reason) {
      ignoredDoses.push({ record: dose, reason })
      continue
    }
    const seen = dates.get(dose.vaccineId) ?? new Set()
    dates.set(dose.vaccineId, seen.add(dose.givenAt))
  }

  const statuses = schedules
    .filter((s) => s.enabled)
    .map((s): VaccineStatus => {
      const given = [...(dates.get(s.id) ?? [])].sort()
      return {
        vaccineId: s.id,
        name: s.name,
        core: s.core,
        lastGivenAt: given.at(-1) ?? null,
        dosesGiven: given.length,
        ...judgeVaccine(s, birthDate, today, given, input),
      }
    })
  return { statuses, ignoredDoses }
}

function judgeVaccine(
  s: VaccineSchedule,
  birth: LocalDate,
  today: LocalDate,
  given: readonly LocalDate[],
  window: DueWindow,
): DueVerdict & { nextDueAt: LocalDate; reason: VaccineReason } {
  if (given.length === 0) {
    const nextDueAt = addWeeks(birth, s.primary.firstDoseAgeWeeks)
    const { tooYoung, ...verdict } = judgeFirst(
      nextDueAt,
      today,
      window,
      s.core,
    )
    const adult = diffDays(birth, today) >= s.adultStart.fromAgeWeeks * 7
    const start = adult ? 'ADULT_START' : 'PRIMARY_SERIES'
    return { ...verdict, nextDueAt, reason: tooYoung ? 'TOO_YOUNG' : start }
  }
  const next = nextDose(s, birth, given)
  return { ...next, ...judgeDue(next.nextDueAt, today, window) }
}

// The first course is the puppy/kitten series, or the adult start when the
// first dose came at `adultStart.fromAgeWeeks` or later. It ends with the
// first dose that both makes up the dose count and is given at the minimum
// age; a late dose continues the course, it never restarts it.
function nextDose(
  s: VaccineSchedule,
  birth: LocalDate,
  given: readonly LocalDate[],
): { nextDueAt: LocalDate; reason: VaccineReason } {
  const ageDays = (date: LocalDate) => diffDays(birth, date)
  const first = given[0] ?? birth
  const last = given[given.length - 1] ?? birth
  const adult = ageDays(first) >= s.adultStart.fromAgeWeeks * 7
  const course = adult
    ? { ...s.adultStart, minIntervalWeeks: s.adultStart.intervalWeeks }
    : { ...s.primary, doses: s.primary.minDoses }
  const minLastAgeWeeks = adult ? 0 : s.primary.lastDoseMinAgeWeeks
  const oldEnough = (date: LocalDate) => ageDays(date) >= minLastAgeWeeks * 7
  const end = given.findIndex(
    (date, i) => i + 1 >= course.doses && oldEnough(date),
  )

  if (end === -1) {
    const usual = addWeeks(last, course.intervalWeeks)
    const nextCanEnd = given.length + 1 >= course.doses
    // When only age stops the course ending, bring the next dose forward to
    // the minimum age, e.g. a dose at 14 weeks is followed at 16, not 18.
    const ready = latest(
      addWeeks(birth, minLastAgeWeeks),
      addWeeks(last, course.minIntervalWeeks),
    )
    const nextDueAt =
      nextCanEnd && !oldEnough(last) ? earliest(usual, ready) : usual
    return { nextDueAt, reason: adult ? 'ADULT_START' : 'PRIMARY_SERIES' }
  }

  const endedAt = given[end] ?? last
  const later = given.slice(end + 1)
  const { booster } = s
  if (booster.kind === 'at_age') {
    const boosterAge = booster.ageWeeks * 7
    const needed = ageDays(endedAt) < boosterAge
    if (needed && !later.some((date) => ageDays(date) >= boosterAge)) {
      const nextDueAt = latest(
        addWeeks(birth, booster.ageWeeks),
        addWeeks(last, course.intervalWeeks),
      )
      return { nextDueAt, reason: 'BOOSTER' }
    }
  } else if (later.length === 0) {
    return { nextDueAt: addMonths(endedAt, booster.months), reason: 'BOOSTER' }
  }
  return {
    nextDueAt: addMonths(last, s.revaccinationMonths),
    reason: 'REVACCINATION',
  }
}

function latest(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b
}

function earliest(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b
}
