import Router from '@koa/router'
import type { DataSource } from 'typeorm'
import { UnavailableError } from '../../errors'
import type { RequestState } from '../../middlewares/request-context'

/** `/healthz`: the process is up. `/readyz`: and its database answers. */
export function createHealthRouter(
  dataSource: DataSource,
): Router<RequestState> {
  const router = new Router<RequestState>()

  router.get('health.live', '/healthz', (ctx) => {
    ctx.body = { status: 'ok' }
  })

  router.get('health.ready', '/readyz', async (ctx) => {
    try {
      await dataSource.query('SELECT 1')
    } catch (error) {
      throw new UnavailableError('database is not reachable', error)
    }
    ctx.body = { status: 'ready' }
  })

  return router
}
