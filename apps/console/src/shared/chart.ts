/**
 * The geometry of the console's small SVG charts: round axis steps and the
 * mapping of values to pixels. Kept apart from the components so the
 * arithmetic has tests.
 */

/** A round step (1, 2 or 5 × 10ⁿ) that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1
  const raw = span / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const fraction = raw / power
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
  return Math.max(1, nice * power)
}

/**
 * Axis ticks from a round number at or below `min` to one at or above
 * `max`, always including 0, for whole-number counts.
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const lo = Math.min(0, min)
  const hi = Math.max(0, max, lo + 1)
  const step = niceStep(hi - lo, count)
  const first = Math.floor(lo / step) * step
  const last = Math.ceil(hi / step) * step
  const ticks: number[] = []
  for (let v = first; v <= last + step / 2; v += step) ticks.push(v)
  return ticks
}

/** Maps `[d0, d1]` onto `[r0, r1]` linearly. */
export function scale(
  d0: number,
  d1: number,
  r0: number,
  r1: number,
): (value: number) => number {
  const span = d1 - d0 || 1
  return (value) => r0 + ((value - d0) / span) * (r1 - r0)
}

/** A name shortened to `max` characters with an ellipsis. */
export function shorten(name: string, max: number): string {
  const chars = [...name]
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('')}…`
}
