/**
 * ISO weeks (`2026-W49`, Monday to Sunday) and months (`2026-12`) as the
 * console counts them: by the calendar in China (UTC+8, no daylight saving),
 * whatever the browser's own time zone. A week is the regional KPI period,
 * so a Sunday 23:30 in Shanghai must not slip into the next week because the
 * laptop is set to Europe.
 */

const DAY_MS = 86_400_000
/** China has kept UTC+8 all year since 1991. */
const CHINA_OFFSET_MS = 8 * 3_600_000

const WEEK = /^(\d{4})-W(\d{2})$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH = /^(\d{4})-(\d{2})$/

const pad = (n: number) => String(n).padStart(2, '0')

/** The calendar day in China of an instant, as `YYYY-MM-DD`. */
export function chinaDay(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS)
    .toISOString()
    .slice(0, 10)
}

/** Days since 1970-01-01 of a `YYYY-MM-DD`; NaN when it is not a real day. */
function dayIndex(day: string): number {
  const m = DAY.exec(day)
  if (!m) return NaN
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  // Date.UTC rolls 2026-02-30 over into March and month 13 into January;
  // such days do not exist.
  const date = new Date(ms)
  return date.getUTCDate() === d && date.getUTCMonth() === mo - 1
    ? ms / DAY_MS
    : NaN
}

function dayText(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10)
}

/** 1 for Monday … 7 for Sunday. */
function isoWeekday(index: number): number {
  // 1970-01-01 was a Thursday.
  return ((((index + 3) % 7) + 7) % 7) + 1
}

/** The ISO week a `YYYY-MM-DD` falls in; throws on a malformed day. */
export function isoWeekOfDay(day: string): string {
  const index = dayIndex(day)
  if (Number.isNaN(index)) throw new RangeError(`not a day: ${day}`)
  // The week belongs to the year its Thursday is in.
  const thursday = index + 4 - isoWeekday(index)
  const year = new Date(thursday * DAY_MS).getUTCFullYear()
  const jan1 = Date.UTC(year, 0, 1) / DAY_MS
  const week = Math.floor((thursday - jan1) / 7) + 1
  return `${year}-W${pad(week)}`
}

/** 52, or 53 when the year's last ISO week has its Thursday in the year. */
export function weeksInYear(year: number): number {
  // 28 December is always in the last ISO week of its year.
  return Number(isoWeekOfDay(`${year}-12-28`).slice(6))
}

/** `{ year, week }` of a well-formed week that exists; null otherwise. */
export function parseWeek(text: string): { year: number; week: number } | null {
  const m = WEEK.exec(text)
  if (!m) return null
  const year = Number(m[1])
  const week = Number(m[2])
  if (week < 1 || week > weeksInYear(year)) return null
  return { year, week }
}

export function isWeek(text: unknown): text is string {
  return typeof text === 'string' && parseWeek(text) !== null
}

/** Monday and Sunday of a week, as `YYYY-MM-DD`; throws on a bad week. */
export function weekDays(week: string): { from: string; to: string } {
  const parsed = parseWeek(week)
  if (!parsed) throw new RangeError(`not an ISO week: ${week}`)
  // 4 January is always in week 1.
  const jan4 = Date.UTC(parsed.year, 0, 4) / DAY_MS
  const monday = jan4 - (isoWeekday(jan4) - 1) + (parsed.week - 1) * 7
  return { from: dayText(monday), to: dayText(monday + 6) }
}

/** The week `n` weeks after (or, negative, before) `week`. */
export function shiftWeek(week: string, n: number): string {
  const monday = dayIndex(weekDays(week).from)
  return isoWeekOfDay(dayText(monday + n * 7))
}

/** The ISO week `instant` falls in, in China. */
export function currentWeek(instant: Date = new Date()): string {
  return isoWeekOfDay(chinaDay(instant))
}

/** Weeks from `a` to `b`: 0 for the same week, negative when `b` is earlier. */
export function weeksBetween(a: string, b: string): number {
  return (dayIndex(weekDays(b).from) - dayIndex(weekDays(a).from)) / 7
}

/** The `count` weeks ending with `last`, newest first. */
export function recentWeeks(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftWeek(last, -i))
}

// ------------------------------------------------------------------ months

export function isMonth(text: unknown): text is string {
  if (typeof text !== 'string') return false
  const m = MONTH.exec(text)
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12
}

/** The month `instant` falls in, in China, as `YYYY-MM`. */
export function currentMonth(instant: Date = new Date()): string {
  return chinaDay(instant).slice(0, 7)
}

/** The month `n` months after (or, negative, before) `month`. */
export function shiftMonth(month: string, n: number): string {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`)
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1 + n
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}`
}

/** Every month from `from` to `to`, both included; [] when `to` is earlier. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = from; m <= to && out.length < 1200; m = shiftMonth(m, 1)) {
    out.push(m)
  }
  return out
}

/** A `YYYY-MM-DD` moved by `n` days; throws on a malformed day. */
export function shiftDay(day: string, n: number): string {
  const index = dayIndex(day)
  if (Number.isNaN(index)) throw new RangeError(`not a day: ${day}`)
  return dayText(index + n)
}

/** Whether a text is a real `YYYY-MM-DD` day. */
export function isDay(text: unknown): text is string {
  return typeof text === 'string' && !Number.isNaN(dayIndex(text))
}

/** 1 for Monday … 7 for Sunday, of a `YYYY-MM-DD`. */
export function weekdayOf(day: string): number {
  return isoWeekday(dayIndex(day))
}

/** Days from `from` to `to`, both included (none when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayIndex(to) - dayIndex(from) + 1
}
