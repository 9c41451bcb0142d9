import Router from '@koa/router'
import type { OpsSummary } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import type { Config } from '../../config'
import { readSqlTime } from '../../db/data-source'
import type { RequestState } from '../../middlewares/request-context'
import { WecomEventEntity } from '../wecom-callback/wecom-event.entity'

/**
 * `/api/ops/summary`: counts of stored callbacks by type and status. Counts
 * only, no ids or content, so it needs no sign-in yet.
 */
export function createOpsRouter(
  dataSource: DataSource,
  config: Config,
): Router<RequestState> {
  const router = new Router<RequestState>()

  router.get('ops.summary', '/api/ops/summary', async (ctx) => {
    ctx.body = await summarize(dataSource, config)
  })

  return router
}

async function summarize(
  dataSource: DataSource,
  config: Config,
): Promise<OpsSummary> {
  const events = dataSource.getRepository(WecomEventEntity)
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000)

  const [totals, byType, byStatus] = await Promise.all([
    events
      .createQueryBuilder('e')
      .select('COUNT(*)', 'total')
      .addSelect(
        'SUM(CASE WHEN e.receivedAt >= :dayAgo THEN 1 ELSE 0 END)',
        'last24h',
      )
      .addSelect('MAX(e.receivedAt)', 'lastReceivedAt')
      .setParameters({ dayAgo })
      .getRawOne<{
        total: string
        last24h: string | null
        lastReceivedAt: unknown
      }>(),
    events
      .createQueryBuilder('e')
      .select('e.event', 'event')
      .addSelect('e.changeType', 'changeType')
      .addSelect('COUNT(*)', 'count')
      .groupBy('e.event')
      .addGroupBy('e.changeType')
      .orderBy('count', 'DESC')
      .getRawMany<{
        event: string
        changeType: string | null
        count: string
      }>(),
    events
      .createQueryBuilder('e')
      .select('e.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('e.status')
      .getRawMany<{ status: string; count: string }>(),
  ])

  return {
    mode: config.demo ? 'demo' : 'production',
    corpId: config.wecom.corpId,
    database: config.database.kind,
    events: {
      total: Number(totals?.total ?? 0),
      last24h: Number(totals?.last24h ?? 0),
      lastReceivedAt: toIso(totals?.lastReceivedAt),
      byType: byType.map((row) => ({ ...row, count: Number(row.count) })),
      byStatus: byStatus.map((row) => ({ ...row, count: Number(row.count) })),
    },
  }
}

/** MAX() comes back raw: a Date from mysql2, UTC text from SQLite. */
function toIso(value: unknown): string | null {
  if (value instanceof Date) {
    return value.toISOString()
  }
  if (typeof value === 'string' && value !== '') {
    return readSqlTime(value).toISOString()
  }
  return null
}
