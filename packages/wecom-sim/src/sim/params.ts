import { SimApiError, type SimErrorName } from './errcodes'

/**
 * A required text parameter from the query or the JSON body.
 * @throws {SimApiError} `missing` when it is absent or empty
 */
export function requireText(
  value: unknown,
  missing: SimErrorName = 'INVALID_PARAMETER',
): string {
  if (typeof value === 'number') {
    return String(value)
  }
  if (typeof value !== 'string' || value === '') {
    throw new SimApiError(missing)
  }
  return value
}

/**
 * An optional integer within [min, max]; `fallback` when absent.
 * @throws {SimApiError} 40058 when it is not an integer in range
 */
export function optionalInt(
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  name: string,
): number {
  if (value === undefined || value === null || value === '') {
    return fallback
  }
  const number = typeof value === 'string' ? Number(value) : value
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new SimApiError('INVALID_PARAMETER', `${name} must be an integer`)
  }
  if (number < min || number > max) {
    throw new SimApiError('INVALID_PARAMETER', `${name} must be ${min}..${max}`)
  }
  return number
}

/**
 * An optional list of strings, at most `max` long.
 * @throws {SimApiError} 40058 when it is not a list of strings or too long
 */
export function optionalTextList(
  value: unknown,
  max: number,
  name: string,
): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new SimApiError('INVALID_PARAMETER', `${name} must be a string list`)
  }
  if (value.length > max) {
    throw new SimApiError('INVALID_PARAMETER', `${name} holds at most ${max}`)
  }
  return value as string[]
}

/** A JSON object field, or undefined when it is not an object. */
export function optionalObject(
  value: unknown,
): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}
