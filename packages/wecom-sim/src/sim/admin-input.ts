import { SimActionError } from './errcodes'

// Readers for the admin API's JSON bodies: a wrong type is a 400, with the
// field named.

/** A text field; with `required`, a missing one is a 400 too. */
export function text(
  body: Record<string, unknown>,
  name: string,
  required: true,
): string
export function text(
  body: Record<string, unknown>,
  name: string,
): string | undefined
export function text(
  body: Record<string, unknown>,
  name: string,
  required = false,
): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) {
    if (required) {
      throw new SimActionError(400, 'BAD_INPUT', `${name} is required`)
    }
    return undefined
  }
  if (typeof value === 'number') {
    return String(value)
  }
  if (typeof value !== 'string') {
    throw new SimActionError(400, 'BAD_INPUT', `${name} must be text`)
  }
  return value
}

/** A list-of-text field, or undefined when absent. */
export function texts(
  body: Record<string, unknown>,
  name: string,
): string[] | undefined {
  const value = body[name]
  if (value === undefined) {
    return undefined
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new SimActionError(400, 'BAD_INPUT', `${name} must be a list of text`)
  }
  return value as string[]
}

/** An integer field, or undefined when absent. */
export function int(
  body: Record<string, unknown>,
  name: string,
): number | undefined {
  const value = body[name]
  if (value === undefined) {
    return undefined
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new SimActionError(400, 'BAD_INPUT', `${name} must be an integer`)
  }
  return value
}
