/**
 * The arithmetic behind the numbers the console colours: week-over-week
 * change, progress to a target, and the colour scale of the repurchase
 * table. Plain functions, so the tests check them without a page.
 */

export type Direction = 'up' | 'down' | 'flat'

export interface Change {
  /** `net - previousNet`. */
  delta: number
  direction: Direction
  /** The change against the previous week's size; null when that was 0. */
  ratio: number | null
}

/** How this week's net compares with last week's. */
export function weekOverWeek(net: number, previousNet: number): Change {
  const delta = net - previousNet
  return {
    delta,
    direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat',
    // Against the size of last week, so 20 after -10 is +300 %, not -300 %.
    ratio: previousNet === 0 ? null : delta / Math.abs(previousNet),
  }
}

export interface Progress {
  /** net / target; above 1 when the target is beaten, below 0 on a loss. */
  ratio: number
  /** How full the bar is, 0–1. */
  fill: number
  reached: boolean
}

/** Progress to a weekly target; null when no (positive) target is set. */
export function targetProgress(
  net: number,
  target: number | null,
): Progress | null {
  if (target === null || !(target > 0)) return null
  const ratio = net / target
  return { ratio, fill: Math.min(1, Math.max(0, ratio)), reached: ratio >= 1 }
}

/** The largest weekly target head office may set. */
export const MAX_TARGET = 100_000

export type TargetCheck =
  | { ok: true; value: number }
  | { ok: false; reason: 'empty' | 'not_integer' | 'negative' | 'too_large' }

/** Reads what was typed into a target field: a whole number, 0–100 000. */
export function parseTarget(input: string): TargetCheck {
  // Full-width digits come from Chinese input methods.
  const text = input
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/,/g, '')
  if (text === '') return { ok: false, reason: 'empty' }
  if (!/^-?\d+$/.test(text)) return { ok: false, reason: 'not_integer' }
  const value = Number(text)
  if (value < 0) return { ok: false, reason: 'negative' }
  if (value > MAX_TARGET) return { ok: false, reason: 'too_large' }
  return { ok: true, value }
}

// ------------------------------------------------------------ colour scale

/**
 * Five steps of the brand teal, light to dark, for rates from low to high.
 * Text on each is whichever of ink and white reads better (see `inkOn`).
 */
export const HEAT_STEPS = [
  '#eef7f5',
  '#c4e6df',
  '#8ccbbf',
  '#5bb3a6',
  '#1f7d72',
] as const

const INK = '#1f2933'
const WHITE = '#ffffff'

/**
 * The lower bound of each step, the same for every user and page: a
 * scale from each table's own highest rate made 32 % look as dark to
 * head office as 80 % did to a store, so colours could not be compared.
 * A vet chain's 90-day return rates sit mostly between 10 % and 40 %.
 */
export const HEAT_BOUNDS = [0, 0.1, 0.2, 0.3, 0.4] as const

/** The step (0–4) of a rate: the last bound it reaches. */
export function heatStep(rate: number): number {
  let step = 0
  HEAT_BOUNDS.forEach((bound, i) => {
    if (rate >= bound - 1e-9) step = i
  })
  return step
}

/** Background and text colour of a rate's cell. */
export function heatColours(rate: number): {
  background: string
  color: string
} {
  const background = HEAT_STEPS[heatStep(rate)]!
  return { background, color: inkOn(background) }
}

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** WCAG contrast ratio of two `#rrggbb` colours, 1–21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** Ink or white, whichever contrasts more with `background`. */
export function inkOn(background: string): string {
  return contrast(background, INK) >= contrast(background, WHITE) ? INK : WHITE
}
