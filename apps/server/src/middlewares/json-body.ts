import type { Context } from 'koa'
import getRawBody from 'raw-body'
import type { z } from 'zod'
import { AppError, PayloadTooLargeError, ValidationError } from '../errors'

/** What a JSON API body may weigh; notes and bindings are small. */
const JSON_LIMIT = 64 * 1024

/**
 * Reads a JSON request body and checks it against `schema`. Only
 * `application/json` is read: a form or text post from another site cannot
 * send it without the browser asking first, so a signed-in member's cookie
 * cannot be borrowed to write.
 * @throws {AppError} 415, 413 or 400 VALIDATION_FAILED with the fields at fault
 */
export async function readJson<T extends z.ZodType>(
  ctx: Context,
  schema: T,
): Promise<z.infer<T>> {
  if (!ctx.is('application/json')) {
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send the body as application/json',
    )
  }
  let text: string
  try {
    text = await getRawBody(ctx.req, {
      limit: JSON_LIMIT,
      length: ctx.get('content-length') || undefined,
      encoding: 'utf8',
    })
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw new PayloadTooLargeError(JSON_LIMIT)
    }
    throw new ValidationError('the body could not be read')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ValidationError('the body is not valid JSON')
  }
  return parseInput(schema, value)
}

/** Checks query or body values against `schema`; 400 with the fields at fault. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new ValidationError('some fields are invalid', {
      fields: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    })
  }
  return parsed.data
}
