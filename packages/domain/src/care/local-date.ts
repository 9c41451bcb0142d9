/**
 * A calendar date written `YYYY-MM-DD`, read in China time. It has no time of
 * day and no zone, so date arithmetic never shifts across midnight.
 */
export type LocalDate = string

/** Thrown when a string is not a real `YYYY-MM-DD` calendar date. */
export class InvalidLocalDateError extends RangeError {
  readonly code = 'CARE_INVALID_DATE'
  readonly value: unknown

  constructor(value: unknown) {
    super('not a YYYY-MM-DD calendar date')
    this.name = 'InvalidLocalDateError'
    this.value = value
  }
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Whether a value is a real calendar date such as `2028-02-29`. */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && readParts(value) !== null
}

/** The date `days` days later (earlier when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + wholeNumber(days))
}

/** The date `weeks` weeks later, i.e. 7 × weeks days. */
export function addWeeks(date: LocalDate, weeks: number): LocalDate {
  return addDays(date, wholeNumber(weeks) * 7)
}

/**
 * The same day `months` months later, clamped to the end of a shorter month:
 * 2026-01-31 + 1 month is 2026-02-28, and 2028-01-31 + 1 month is 2028-02-29.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = parts(date)
  const index = year * 12 + (month - 1) + wholeNumber(months)
  const newYear = Math.floor(index / 12)
  const newMonth = index - newYear * 12 + 1
  const newDay = Math.min(day, daysInMonth(newYear, newMonth))
  return format(newYear, newMonth, newDay)
}

/** Days from `from` to `to`: positive when `to` is later. */
export function diffDays(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from)
}

function wholeNumber(value: number): number {
  if (!Number.isInteger(value)) {
    throw new RangeError('date arithmetic takes whole numbers')
  }
  return value
}

/**
 * The years a date may fall in. Before 1900 nothing in a pet's life, a
 * visit or a plan makes sense, and outside four-digit years the text form
 * and the arithmetic around it (a month or week after the last) break.
 */
export const FIRST_YEAR = 1900
export const LAST_YEAR = 2998

function readParts(date: string): [number, number, number] | null {
  const match = PATTERN.exec(date)
  if (!match) {
    return null
  }
  const [year, month, day] = [match[1], match[2], match[3]].map(Number)
  if (
    !year ||
    !month ||
    !day ||
    month > 12 ||
    year < FIRST_YEAR ||
    year > LAST_YEAR
  ) {
    return null
  }
  return day <= daysInMonth(year, month) ? [year, month, day] : null
}

function parts(date: LocalDate): [number, number, number] {
  const found = readParts(date)
  if (!found) {
    throw new InvalidLocalDateError(date)
  }
  return found
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31)
}

function format(year: number, month: number, day: number): LocalDate {
  const pad = (value: number, width: number) =>
    String(value).padStart(width, '0')
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

// Days since 1970-01-01 in the proleptic Gregorian calendar, by plain integer
// arithmetic (H. Hinnant's days_from_civil), so no Date or zone is involved.
function toEpochDay(date: LocalDate): number {
  const [year, month, day] = parts(date)
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) +
    dayOfYear
  return era * 146097 + dayOfEra - 719468
}

function fromEpochDay(epochDay: number): LocalDate {
  const z = epochDay + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  )
  const dayOfYear =
    dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return format(year, month, day)
}
