import type { Middleware } from 'koa'
import { isDatabaseUnavailable } from '../db/db-errors'
import { AppError, UnavailableError } from '../errors'
import type { RequestState } from './request-context'

/**
 * The one place errors become responses: `{ error: { code, message } }` plus
 * the request id. Anything that is not an AppError is a 500 whose message and
 * stack stay in the log.
 */
export function errorHandler(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError(404, 'NOT_FOUND', 'not found')
      }
    } catch (caught) {
      const error =
        caught instanceof AppError
          ? caught
          : isDatabaseUnavailable(caught)
            ? new UnavailableError('the database is unavailable; retry', caught)
            : new AppError(500, 'INTERNAL_ERROR', 'internal error', {
                cause: caught,
              })
      const log = ctx.state.log
      if (error.status >= 500) {
        log.error(
          { err: error.cause ?? error, code: error.code },
          'request error',
        )
      } else {
        log.warn({ code: error.code, reason: error.message }, 'request refused')
      }

      ctx.status = error.status
      ctx.type = 'application/json'
      ctx.body = {
        error: {
          code: error.code,
          message: error.expose ? error.message : 'internal error',
          ...(error.expose && error.details ? { details: error.details } : {}),
        },
        requestId: ctx.state.requestId,
      }
    }
  }
}
