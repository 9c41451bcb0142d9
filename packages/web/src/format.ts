/** Times are shown in China time, whatever the browser's own time zone. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai'

const dateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: CHINA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function parts(date: Date): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of dateTime.formatToParts(date)) out[part.type] = part.value
  return out
}

/**
 * A full timestamp in China time, like `2026-12-04 16:00:00`; '' for an
 * invalid date.
 */
export function formatChinaDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value
  if (isNaN(date.getTime())) return ''
  const p = parts(date)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/**
 * The calendar day in China time, like `2026-12-04`; '' for an invalid date.
 * Visits are stored as UTC instants, and a 23:30 visit in Shanghai belongs
 * to that day, not the UTC one.
 */
export function formatChinaDate(value: Date | string): string {
  return formatChinaDateTime(value).slice(0, 10)
}

/** The time of day in China time, like `16:00:00`; '' for an invalid date. */
export function formatChinaTime(value: Date | string): string {
  return formatChinaDateTime(value).slice(11)
}

const integer = new Intl.NumberFormat('zh-CN')

/** A count with its thousands grouped, like `12,345`. */
export function formatCount(value: number): string {
  return integer.format(value)
}

/**
 * A share (0–1) as a percentage, like `42%` or, with `digits`, `42.5%`;
 * '—' when there is no share to show (null, NaN, infinite).
 */
export function formatPercent(ratio: number | null, digits = 0): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—'
  const value = (ratio * 100).toFixed(digits)
  // -0.4 rounds to "-0"; a share that rounds to nothing has no sign.
  return `${Number(value) === 0 ? (0).toFixed(digits) : value}%`
}

/** A count with its sign, like `+12`, `-3` or `0`, thousands grouped. */
export function formatSigned(value: number): string {
  if (value > 0) return `+${formatCount(value)}`
  return formatCount(value)
}
