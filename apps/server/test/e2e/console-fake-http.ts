/**
 * What the console's fake API and its route modules share: the error a
 * route throws for an error answer, and what a route module is given.
 */
import type { ServerResponse } from 'node:http'
import type { ConsoleUser } from './console-fake-data'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/** One API request, already signed in as a console user. */
export interface FakeRequest {
  method: string
  path: string
  url: URL
  body: unknown
  user: ConsoleUser
  res: ServerResponse
}

/** What a route module answers for a request that is not one of its own. */
export const NOT_MINE = Symbol('not mine')

/** 204 No Content. */
export function noContent(res: ServerResponse): undefined {
  res.statusCode = 204
  return undefined
}

export function invalid(message: string, details?: unknown): HttpError {
  return new HttpError(400, 'VALIDATION_FAILED', message, details)
}

/** A trimmed string of 1…max characters, or a 400 naming the field. */
export function text(value: unknown, field: string, max: number): string {
  const s = typeof value === 'string' ? value.trim() : ''
  if (s.length < 1 || [...s].length > max) {
    throw invalid(`${field}: 1–${max} characters`)
  }
  return s
}
