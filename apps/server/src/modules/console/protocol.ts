import type {
  ProtocolError,
  ProtocolOverrides,
  VaccineChange,
} from '@petcare/domain'

/** A whole number from `min` to `max`, both included. */
export interface Limit {
  min: number
  max: number
}

/**
 * What a vet chain's protocol can sensibly hold, by field (the domain's own
 * check only wants positive whole numbers, so a 999-month booster passed).
 * Every default of DEFAULT_PROTOCOL is inside, with room for local rules:
 * - revaccination from every 6 months (some kennel-cough and non-core
 *   vaccines) to 5 years (no licence goes beyond);
 * - the booster after the first course within 2 years (rabies is 12
 *   months), or at an age up to 18 months (WSAVA's core dose is at 26
 *   weeks);
 * - puppy and kitten series from 4 to 26 weeks of age, 2 to 6 weeks apart;
 * - adult parasite control monthly (spot-ons) to yearly, young phases
 *   weekly to every 8 weeks until a year of age.
 */
export const PROTOCOL_LIMITS = {
  vaccine: {
    revaccinationMonths: { min: 6, max: 60 },
    'booster.months': { min: 1, max: 24 },
    'booster.ageWeeks': { min: 12, max: 78 },
    'primary.firstDoseAgeWeeks': { min: 4, max: 26 },
    'primary.intervalWeeks': { min: 2, max: 6 },
    'primary.minIntervalWeeks': { min: 2, max: 6 },
    'primary.minDoses': { min: 1, max: 5 },
    'primary.lastDoseMinAgeWeeks': { min: 0, max: 26 },
    'adultStart.fromAgeWeeks': { min: 12, max: 52 },
    'adultStart.doses': { min: 1, max: 3 },
    'adultStart.intervalWeeks': { min: 2, max: 6 },
  },
  deworming: {
    adultIntervalMonths: { min: 1, max: 12 },
    firstAgeWeeks: { min: 2, max: 16 },
    'youngPhases.untilAgeWeeks': { min: 4, max: 52 },
    'youngPhases.intervalWeeks': { min: 1, max: 8 },
  },
} as const satisfies Record<'vaccine' | 'deworming', Record<string, Limit>>

/**
 * A field that is not a whole number within its limits, shaped like the
 * domain's `ProtocolError` (the same list carries both) plus the limits.
 */
export interface RangeError {
  code: 'PROTOCOL_OUT_OF_RANGE'
  id: string
  field: string
  value: unknown
  min: number
  max: number
}

/**
 * Every number a region's overrides set (changes and added schedules) that
 * is not a whole number within `PROTOCOL_LIMITS`. The base protocol is
 * inside the limits, so only what the region sets needs checking.
 */
export function protocolRangeErrors(
  overrides: ProtocolOverrides,
): RangeError[] {
  const errors: RangeError[] = []
  const check = (
    id: string,
    limits: Record<string, Limit>,
    values: Record<string, unknown>,
  ) => {
    for (const [field, value] of Object.entries(values)) {
      const limit = limits[field.replace(/\.\d+\./, '.')]
      const fits =
        Number.isInteger(value) &&
        (value as number) >= (limit?.min ?? -Infinity) &&
        (value as number) <= (limit?.max ?? Infinity)
      if (limit && !fits) {
        errors.push({
          code: 'PROTOCOL_OUT_OF_RANGE',
          id,
          field,
          value,
          ...limit,
        })
      }
    }
  }
  for (const [id, change] of Object.entries(overrides.vaccines ?? {})) {
    check(id, PROTOCOL_LIMITS.vaccine, vaccineNumbers(change))
  }
  for (const [id, change] of Object.entries(overrides.deworming ?? {})) {
    check(id, PROTOCOL_LIMITS.deworming, flatten(change))
  }
  for (const schedule of overrides.addVaccines ?? []) {
    check(schedule.id, PROTOCOL_LIMITS.vaccine, vaccineNumbers(schedule))
  }
  for (const schedule of overrides.addDeworming ?? []) {
    check(schedule.id, PROTOCOL_LIMITS.deworming, flatten(schedule))
  }
  return errors
}

/**
 * The refusals of a save: the range errors, and the domain's own for any
 * field they do not already cover (a 0-month interval is said once, with
 * its limits).
 */
export function protocolErrors(
  ranges: RangeError[],
  merged: ProtocolError[],
): (RangeError | ProtocolError)[] {
  const covered = new Set(ranges.map((e) => `${e.id}/${e.field}`))
  return [
    ...ranges,
    ...merged.filter((e) => !covered.has(`${e.id}/${e.field ?? ''}`)),
  ]
}

/** A vaccine change's numbers by dotted field; the booster by its kind. */
function vaccineNumbers(change: VaccineChange): Record<string, unknown> {
  const { booster, ...rest } = change as VaccineChange & object
  const values = flatten(rest)
  if (booster && typeof booster === 'object') {
    const rule = booster as Record<string, unknown>
    const field = rule.kind === 'at_age' ? 'ageWeeks' : 'months'
    values[`booster.${field}`] = rule[field]
  }
  return values
}

function flatten(
  value: object,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null && typeof inner === 'object') {
      flatten(inner as object, `${prefix}${key}.`, out)
    } else {
      out[`${prefix}${key}`] = inner
    }
  }
  return out
}
