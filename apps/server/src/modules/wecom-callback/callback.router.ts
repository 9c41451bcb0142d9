import Router from '@koa/router'
import type { Context } from 'koa'
import getRawBody from 'raw-body'
import { AppError, PayloadTooLargeError } from '../../errors'
import type { RequestState } from '../../middlewares/request-context'
import type { CallbackService } from './callback.service'

/**
 * `/wecom/callback`: GET answers WeCom's URL check, POST takes events and
 * answers `success` only once the event is stored.
 */
export function createCallbackRouter(
  service: CallbackService,
  bodyLimit: number,
): Router<RequestState> {
  const router = new Router<RequestState>()

  router.get('wecom.callback.verify', '/wecom/callback', (ctx) => {
    ctx.type = 'text/plain; charset=utf-8'
    ctx.body = service.verifyUrl(ctx.query)
  })

  router.post('wecom.callback.receive', '/wecom/callback', async (ctx) => {
    const body = await readBody(ctx, bodyLimit)
    const { event } = await service.receive(ctx.query, body)

    // Ids stay out of the log: they name customers.
    ctx.state.logFields = {
      kind: event.kind,
      event: 'event' in event ? event.event : undefined,
      changeType: 'changeType' in event ? event.changeType : undefined,
      createTime: event.createTime,
    }
    ctx.type = 'text/plain; charset=utf-8'
    ctx.body = 'success'
  })

  return router
}

async function readBody(ctx: Context, limit: number): Promise<string> {
  try {
    return await getRawBody(ctx.req, {
      limit,
      length: ctx.get('content-length') || undefined,
      encoding: 'utf8',
    })
  } catch (error) {
    const type = (error as { type?: string }).type
    if (type === 'entity.too.large') {
      throw new PayloadTooLargeError(limit)
    }
    if (type === 'request.size.invalid' || type === 'request.aborted') {
      throw new AppError(400, 'VALIDATION_FAILED', 'request body incomplete')
    }
    throw error
  }
}
