import Router from '@koa/router'
import type { WecomClient } from '@petcare/wecom'
import type { Context, Middleware } from 'koa'
import type { DataSource } from 'typeorm'
import { z } from 'zod'
import { parseInput, readJson } from '../../middlewares/json-body'
import type { RequestState } from '../../middlewares/request-context'
import type { AuthState } from '../auth/auth.router'
import { consoleScope, type ConsoleScope } from '../console/scope'
import {
  MomentEditInput,
  MomentPlanInput,
  MomentRangeInput,
} from './moments.schema'
import { MomentsService } from './moments.service'

const postId = z.string().uuid()

type MomentsState = AuthState & { scope: ConsoleScope }

/**
 * `/api/console/moments`: the customer-moment calendar, planning within the
 * daily quota, and publishing through WeCom (contract in
 * `@petcare/shared` moments.ts). The console's scopes decide who sees and
 * plans what.
 */
export function createMomentsRouter(deps: {
  dataSource: DataSource
  requireUser: Middleware<RequestState>
  wecom: WecomClient | null
  /** The clock; tests set it. */
  now?: () => Date
}): Router<RequestState> {
  const { dataSource } = deps
  const router = new Router<RequestState>({ prefix: '/api/console/moments' })
  const moments = new MomentsService(dataSource, deps.wecom, deps.now)

  const scoped: Middleware<RequestState> = async (ctx, next) => {
    const state = ctx.state as MomentsState
    state.scope = await consoleScope(dataSource, state.principal)
    ctx.set('Cache-Control', 'no-store')
    await next()
  }
  const guard = [deps.requireUser, scoped]
  const scopeOf = (ctx: Context) => (ctx.state as MomentsState).scope
  const idOf = (ctx: Context) => parseInput(postId, ctx.params.id)

  router.get('moments.calendar', '/', ...guard, async (ctx) => {
    const range = parseInput(MomentRangeInput, ctx.query)
    ctx.body = await moments.calendar(scopeOf(ctx), range, ctx.state.log)
  })

  router.post('moments.plan', '/', ...guard, async (ctx) => {
    const input = await readJson(ctx, MomentPlanInput)
    const who = (ctx.state as MomentsState).principal
    const post = await moments.plan(scopeOf(ctx), who, input)
    ctx.state.log.info(
      { postId: post.id, owner: post.owner, day: post.day, slot: post.slot },
      'moment planned',
    )
    ctx.status = 201
    ctx.body = post
  })

  router.put('moments.edit', '/:id', ...guard, async (ctx) => {
    const id = idOf(ctx)
    const input = await readJson(ctx, MomentEditInput)
    ctx.body = await moments.edit(scopeOf(ctx), id, input)
  })

  router.delete('moments.remove', '/:id', ...guard, async (ctx) => {
    const id = idOf(ctx)
    await moments.remove(scopeOf(ctx), id)
    ctx.state.log.info({ postId: id }, 'moment deleted')
    ctx.status = 204
  })

  router.post('moments.publish', '/:id/publish', ...guard, async (ctx) => {
    const post = await moments.publish(scopeOf(ctx), idOf(ctx))
    if (post.status === 'failed') {
      ctx.state.log.warn(
        { postId: post.id, reason: post.error },
        'moment task refused',
      )
    } else {
      ctx.state.log.info(
        { postId: post.id, jobId: post.jobId },
        'moment task created',
      )
    }
    ctx.body = post
  })

  router.post('moments.refresh', '/:id/refresh', ...guard, async (ctx) => {
    ctx.body = await moments.refresh(scopeOf(ctx), idOf(ctx))
  })

  return router
}
