import {
  addDays,
  diffDays,
  FIRST_YEAR,
  LAST_YEAR,
  type LocalDate,
} from './care/local-date'

/**
 * Today's date in China (UTC+8, where the hospitals are), whatever the
 * server's own time zone.
 */
export function chinaToday(now = new Date()): LocalDate {
  return CHINA_DATE.format(now)
}

/** Made once: building an Intl formatter costs a hundred times using one. */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
})

/** An ISO 8601 week, written `2026-W49`. */
export type IsoWeek = string

const WEEK = /^(\d{4})-W(\d{2})$/

/** 1 Monday … 7 Sunday, for a calendar date. */
function isoWeekday(date: LocalDate): number {
  // 1970-01-01 was a Thursday.
  const days = diffDays('1970-01-01', date)
  return ((((days + 3) % 7) + 7) % 7) + 1
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date))
}

/**
 * The ISO week of a calendar date: weeks start on Monday, and week 1 is
 * the one with the year's first Thursday, so 2026-12-31 is in 2026-W53 and
 * 2027-01-01 too.
 */
export function isoWeekOf(date: LocalDate): IsoWeek {
  const thursday = addDays(mondayOf(date), 3)
  const year = Number(thursday.slice(0, 4))
  const week = Math.floor(diffDays(`${year}-01-01`, thursday) / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** Whether a text is an ISO week that exists (W53 only in long years). */
export function isIsoWeek(value: unknown): value is IsoWeek {
  if (typeof value !== 'string') {
    return false
  }
  const match = WEEK.exec(value)
  if (!match) {
    return false
  }
  const [year, week] = [Number(match[1]), Number(match[2])]
  return (
    year >= FIRST_YEAR &&
    year <= LAST_YEAR &&
    week >= 1 &&
    week <= weeksInYear(year)
  )
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`) === `${year}-W53` ? 53 : 52
}

/** The Monday and Sunday of an ISO week. */
export function isoWeekDays(week: IsoWeek): { from: LocalDate; to: LocalDate } {
  if (!isIsoWeek(week)) {
    throw new RangeError(`not an ISO week: ${week}`)
  }
  const [year, number] = [Number(week.slice(0, 4)), Number(week.slice(6))]
  // 4 January is always in week 1.
  const from = addDays(mondayOf(`${year}-01-04`), (number - 1) * 7)
  return { from, to: addDays(from, 6) }
}

/** The week `n` weeks later (earlier when negative). */
export function addIsoWeeks(week: IsoWeek, n: number): IsoWeek {
  return isoWeekOf(addDays(isoWeekDays(week).from, n * 7))
}

/**
 * The week as a span of Unix seconds in China time (UTC+8, no daylight
 * saving): from Monday 00:00 to the next Monday 00:00.
 */
export function chinaWeekSeconds(week: IsoWeek): {
  start: number
  end: number
} {
  const { from } = isoWeekDays(week)
  const start = Date.parse(`${from}T00:00:00+08:00`) / 1000
  return { start, end: start + 7 * 86_400 }
}
