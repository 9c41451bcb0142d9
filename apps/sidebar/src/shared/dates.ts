/**
 * Calendar dates as the hospitals write them (`YYYY-MM-DD`, China time).
 * Everything here counts from the server's `today`, never the browser's
 * clock: a phone set to the wrong day must not turn a vaccine overdue.
 */

/** A `YYYY-MM-DD` date; null when the text is not one. */
export function parseDay(
  text: string,
): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return null
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [
    number,
    number,
    number,
  ]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null
  }
  return { year, month, day }
}

function toEpochDay(text: string): number | null {
  const parts = parseDay(text)
  if (!parts) return null
  return Date.UTC(parts.year, parts.month - 1, parts.day) / 86_400_000
}

/** Days from `from` to `to` (negative when `to` is earlier); null if either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = toEpochDay(from)
  const b = toEpochDay(to)
  return a === null || b === null ? null : b - a
}

/** The day `days` after `text` (before, when negative). */
export function addDays(text: string, days: number): string {
  const start = toEpochDay(text)
  if (start === null) return text
  return new Date((start + days) * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Whole years, months and days from a birth date to today, as people count
 * age: born 2024-01-31, on 2024-02-29 the pet is 0 months 29 days old.
 * Null when either date is invalid or the birth is after today.
 */
export function ageParts(
  birthDate: string,
  today: string,
): { years: number; months: number; days: number } | null {
  const birth = parseDay(birthDate)
  const now = parseDay(today)
  if (!birth || !now) return null

  let months = (now.year - birth.year) * 12 + (now.month - birth.month)
  if (now.day < birth.day) months -= 1
  if (months < 0) return null

  // The day count runs from the last "month-birthday", clamped to the
  // length of its month (a pet born on the 31st has one in February too).
  const anchorYear = birth.year + Math.floor((birth.month - 1 + months) / 12)
  const anchorMonth = ((birth.month - 1 + months) % 12) + 1
  const monthLength = new Date(
    Date.UTC(anchorYear, anchorMonth, 0),
  ).getUTCDate()
  const anchor = `${anchorYear}-${String(anchorMonth).padStart(2, '0')}-${String(
    Math.min(birth.day, monthLength),
  ).padStart(2, '0')}`
  const days = daysBetween(anchor, today) ?? 0

  return { years: Math.floor(months / 12), months: months % 12, days }
}
