import Router from '@koa/router'
import type { Middleware } from 'koa'
import type { JssdkSignature } from '@petcare/shared'
import {
  JsapiTicketCache,
  jsapiSigningUrl,
  signJsapi,
  type TokenStore,
  type WecomClient,
} from '@petcare/wecom'
import { z } from 'zod'
import type { Config } from '../../config'
import { AppError, ValidationError } from '../../errors'
import { readJson } from '../../middlewares/json-body'
import type { RequestState } from '../../middlewares/request-context'
import type { AuthState } from './auth.router'

const SignRequest = z.object({
  url: z.string().min(8).max(4096),
  kind: z.enum(['corp', 'agent']),
})

/**
 * `POST /api/wecom/jssdk-sign`: the signature `ww.register` asks for, made
 * with the corp ticket (`config`) or the app ticket (`agentConfig`) over the
 * page URL without its fragment. Tickets never leave the server.
 */
export function createJssdkRouter(deps: {
  config: Config
  wecom: { client: WecomClient; tokenStore: TokenStore } | null
  requireMember: Middleware<RequestState>
}): Router<RequestState> {
  const { config, wecom } = deps
  const tickets =
    wecom &&
    new JsapiTicketCache({
      keyPrefix: `${config.wecom.corpId}:${config.wecom.agentId}`,
      store: wecom.tokenStore,
      fetch: (kind) => wecom.client.getJsapiTicket(kind),
    })
  const router = new Router<RequestState>()

  router.post(
    'wecom.jssdk.sign',
    '/api/wecom/jssdk-sign',
    deps.requireMember,
    async (ctx) => {
      const input = await readJson(ctx, SignRequest)
      const url = jsapiSigningUrl(input.url)
      if (!url) {
        throw new ValidationError('url must be the page’s http(s) address')
      }
      if (!tickets) {
        throw new AppError(
          503,
          'WECOM_UNAVAILABLE',
          'WECOM_SECRET is not set, so pages cannot be signed',
        )
      }
      let ticket: string
      try {
        ticket = await tickets.get(input.kind)
      } catch (error) {
        throw new AppError(503, 'WECOM_UNAVAILABLE', 'WeCom did not answer', {
          cause: error,
          expose: true,
        })
      }
      const body: JssdkSignature = {
        corpId: config.wecom.corpId,
        agentId: config.wecom.agentId,
        ...signJsapi({ ticket, url }),
      }
      ;(ctx.state as AuthState).logFields = {
        ...ctx.state.logFields,
        kind: input.kind,
      }
      ctx.set('Cache-Control', 'no-store')
      ctx.body = body
    },
  )
  return router
}
