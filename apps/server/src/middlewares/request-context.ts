import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import type { Logger } from '../logger'

/** What every request carries in `ctx.state`. */
export interface RequestState {
  requestId: string
  log: Logger
  /** The matched route's name, e.g. `wecom.callback.receive`. */
  route?: string
  /** Fields a handler adds to the request's one access line. */
  logFields?: Record<string, unknown>
}

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane), a
 * child logger, and one access line when it ends.
 */
export function requestContext(http: Logger): Middleware<RequestState> {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id')
    const requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID()
    ctx.state.requestId = requestId
    ctx.state.log = http.child({ reqId: requestId })
    ctx.set('X-Request-Id', requestId)

    const started = process.hrtime.bigint()
    try {
      await next()
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1_000_000
      const line = {
        method: ctx.method,
        path: ctx.path,
        route: ctx.state.route ?? matchedRouteName(ctx),
        status: ctx.status,
        durationMs: Math.round(durationMs * 10) / 10,
        ...ctx.state.logFields,
      }
      if (ctx.status >= 500) {
        ctx.state.log.error(line, 'request failed')
      } else {
        ctx.state.log.info(line, 'request')
      }
    }
  }
}

/** The name @koa/router gave the matched route, if one matched. */
function matchedRouteName(ctx: object): string | undefined {
  return (ctx as { _matchedRouteName?: string })._matchedRouteName
}
