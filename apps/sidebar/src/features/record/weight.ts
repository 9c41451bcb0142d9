import type { WeightPoint } from '@petcare/shared'

/** The latest weight and how it changed since the one before. */
export interface WeightTrend {
  latest: WeightPoint
  previous: WeightPoint | null
  /** kg, latest minus previous; null with a single point. */
  change: number | null
  min: number
  max: number
}

/** Null without any weight. Points come oldest first. */
export function weightTrend(
  points: readonly WeightPoint[],
): WeightTrend | null {
  const latest = points.at(-1)
  if (!latest) return null
  const previous = points.at(-2) ?? null
  const values = points.map((point) => point.kg)
  return {
    latest,
    previous,
    change: previous ? round2(latest.kg - previous.kg) : null,
    min: Math.min(...values),
    max: Math.max(...values),
  }
}

/**
 * A kg figure with at most two decimals: 4.25 → "4.25", 4.5 → "4.5". A cat's
 * 50 g matters, so weights are not rounded to one decimal.
 */
export function formatKg(kg: number): string {
  return String(round2(kg))
}

/** A signed change in kg: "+0.3 kg", "-1.2 kg", "±0 kg". */
export function formatKgChange(kg: number): string {
  if (kg === 0) return '±0 kg'
  return `${kg > 0 ? '+' : '−'}${formatKg(Math.abs(kg))} kg`
}

/**
 * The `points` attribute of an SVG polyline through the weights, evenly
 * spaced left to right, scaled into `width`×`height` less `pad` on each side.
 * A flat series is drawn through the middle.
 */
export function sparklinePoints(
  values: readonly number[],
  width: number,
  height: number,
  pad = 3,
): { x: number; y: number }[] {
  if (values.length === 0) return []
  const min = Math.min(...values)
  const max = Math.max(...values)
  const innerW = width - pad * 2
  const innerH = height - pad * 2
  const step = values.length > 1 ? innerW / (values.length - 1) : 0
  return values.map((value, index) => ({
    x: round2(pad + (values.length > 1 ? index * step : innerW / 2)),
    y: round2(
      max === min
        ? height / 2
        : pad + innerH - ((value - min) / (max - min)) * innerH,
    ),
  }))
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}
