import Router from '@koa/router'
import {
  addDays,
  chinaToday,
  DEFAULT_PROTOCOL,
  isIsoWeek,
  isoWeekDays,
  isoWeekOf,
  mergeProtocol,
  type ProtocolOverrides,
} from '@petcare/domain'
import type { WecomClient } from '@petcare/wecom'
import type {
  AuditPage,
  ConsoleMe,
  EventLogPage,
  LeaderboardResponse,
} from '@petcare/shared'
import type { Context, Middleware } from 'koa'
import type { DataSource } from 'typeorm'
import { z } from 'zod'
import type { Config } from '../../config'
import { readSqlTime, sqlTime } from '../../db/data-source'
import {
  AppError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../errors'
import { CareProtocolOverrideEntity } from '../sidebar/care-tools.entity'
import { parseInput, readJson } from '../../middlewares/json-body'
import type { RequestState } from '../../middlewares/request-context'
import { accountNames } from '../auth/account-names'
import type { AuthState } from '../auth/auth.router'
import { WecomEventEntity } from '../wecom-callback/wecom-event.entity'
import { EventQueue } from '../worker/event-queue'
import { RegionTargetEntity } from './console.entity'
import { LeaderboardQuery, leaderboardCsv } from './leaderboard'
import { followUpsDue, sendFollowUp } from './follow-ups'
import { groupDetail, groupHistory, groupProblems } from './groups'
import { searchMembers } from './members'
import {
  lostCustomers,
  massMessages,
  QuickReplyAdmin,
  quietGroups,
  wakeGroups,
} from './operations'
import { RepurchaseQuery } from './repurchase'
import {
  PROTOCOL_LIMITS,
  protocolErrors,
  protocolRangeErrors,
} from './protocol'
import { consoleScope, type ConsoleScope } from './scope'
import { REPLY_VARIABLES } from '../sidebar/reply-variables'

const week = z
  .string()
  .refine(isIsoWeek, 'must be an ISO week such as 2026-W49')
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
const id = z.string().trim().min(1).max(128)

const LeaderboardInput = z.object({
  week: week.optional(),
  level: z.enum(['region', 'hospital', 'member']).default('region'),
  regionId: id.optional(),
  hospitalId: id.optional(),
  format: z.enum(['json', 'csv']).default('json'),
})

const RepurchaseInput = z
  .object({
    from: month,
    to: month,
    by: z.enum(['total', 'region', 'hospital']).default('total'),
  })
  .refine((v) => v.from <= v.to, 'from must not be after to')
  .refine((v) => monthsBetween(v.from, v.to) <= 24, 'at most 24 months')

const AuditInput = z.object({
  userId: id.optional(),
  petId: id.optional(),
  from: z.string().date().optional(),
  to: z.string().date().optional(),
  before: z.coerce.number().int().positive().optional(),
})

const EventsInput = z.object({
  status: z
    .enum(['pending', 'processing', 'done', 'failed', 'parked'])
    .optional(),
  before: z.coerce.number().int().positive().optional(),
})

const PAGE = 50

const HistoryInput = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(PAGE),
})

/**
 * A picture by http(s) URL, or a path this server serves (`/sidebar/…`).
 * No backslash anywhere: a browser reads `/\host` as `//host`.
 */
const imageUrl = z
  .string()
  .trim()
  .max(512)
  .refine(
    (u) => /^https?:\/\/[^\s\\]+$/.test(u) || /^\/(?!\/)[^\s\\]*$/.test(u),
    'an http(s) URL or a path on this server',
  )

/**
 * `/api/console`: the console's reads and the few writes, each narrowed to
 * the signed-in user's part of the organisation on the server.
 */
export function createConsoleRouter(deps: {
  dataSource: DataSource
  config: Config
  requireUser: Middleware<RequestState>
  wecom: WecomClient | null
}): Router<RequestState> {
  const { dataSource, config } = deps
  const router = new Router<RequestState>({ prefix: '/api/console' })
  const leaderboard = new LeaderboardQuery(dataSource)
  const repurchase = new RepurchaseQuery(dataSource)
  const queue = new EventQueue(dataSource)
  const time = (date: Date) => sqlTime(dataSource, date)

  const scoped: Middleware<RequestState> = async (ctx, next) => {
    const state = ctx.state as AuthState & { scope: ConsoleScope }
    state.scope = await consoleScope(dataSource, state.principal)
    ctx.set('Cache-Control', 'no-store')
    await next()
  }
  const scopeOf = (ctx: Context) =>
    (ctx.state as AuthState & { scope: ConsoleScope }).scope
  const whoOf = (ctx: Context) => (ctx.state as AuthState).principal
  const headOffice = (ctx: Context) => {
    if (scopeOf(ctx).level !== 'head_office') {
      throw new ForbiddenError('NOT_IN_SCOPE', 'head office only')
    }
  }
  const guard = [deps.requireUser, scoped]

  router.get('console.me', '/me', ...guard, (ctx) => {
    const scope = scopeOf(ctx)
    const who = whoOf(ctx)
    const body: ConsoleMe = {
      userId: who.userId,
      name: who.name,
      level: scope.level,
      local: who.local,
      regions: scope.regions.map((r) => ({ id: r.id, name: r.name })),
      hospitals: scope.hospitals.map((h) => ({
        id: h.id,
        name: h.name,
        regionId: h.regionId,
      })),
      mode: config.demo ? 'demo' : 'production',
    }
    ctx.body = body
  })

  router.get('console.leaderboard', '/leaderboard', ...guard, async (ctx) => {
    const input = parseInput(LeaderboardInput, ctx.query)
    const scope = scopeOf(ctx)
    if (
      (input.regionId && !scope.hasRegion(input.regionId)) ||
      (input.hospitalId && !scope.hasHospital(input.hospitalId))
    ) {
      throw new NotFoundError('no such region or hospital in your scope')
    }
    const today = chinaToday()
    const board = await leaderboard.run(scope, {
      ...input,
      week: input.week ?? isoWeekOf(today),
    })
    if (input.format === 'csv') {
      ctx.type = 'text/csv; charset=utf-8'
      ctx.attachment(`leaderboard-${board.week}-${board.level}.csv`)
      ctx.body = leaderboardCsv(board)
      return
    }
    const body: LeaderboardResponse = {
      ...board,
      // Its Sunday is today or later in China: the week is still counting.
      weekInProgress: isoWeekDays(board.week).to >= today,
    }
    ctx.body = body
  })

  router.put('console.targets', '/targets', ...guard, async (ctx) => {
    headOffice(ctx)
    const input = await readJson(
      ctx,
      z.object({
        regionId: id,
        week,
        target: z.number().int().min(0).max(100_000),
      }),
    )
    if (!scopeOf(ctx).regions.some((r) => r.id === input.regionId)) {
      throw new NotFoundError('no such region')
    }
    await dataSource.getRepository(RegionTargetEntity).upsert(
      {
        ...input,
        updatedBy: whoOf(ctx).userId,
        updatedAt: new Date(),
      },
      ['regionId', 'week'],
    )
    ctx.status = 204
  })

  router.get('console.repurchase', '/repurchase', ...guard, async (ctx) => {
    ctx.body = await repurchase.run(
      scopeOf(ctx),
      parseInput(RepurchaseInput, ctx.query),
    )
  })

  router.get('console.groups', '/groups/problems', ...guard, async (ctx) => {
    ctx.body = await groupProblems(dataSource, scopeOf(ctx))
  })

  router.get('console.members', '/members', ...guard, async (ctx) => {
    const input = parseInput(
      z.object({
        q: z.string().max(64).default(''),
        limit: z.coerce.number().int().min(1).max(50).default(20),
      }),
      ctx.query,
    )
    ctx.body = await searchMembers(dataSource, scopeOf(ctx), input)
  })

  router.get('console.audit', '/audit', ...guard, async (ctx) => {
    const input = parseInput(AuditInput, ctx.query)
    const scope = scopeOf(ctx)
    const where: string[] = []
    const params: unknown[] = []
    if (input.userId) {
      where.push('a.user_id = ?')
      params.push(input.userId)
    }
    if (input.petId) {
      where.push('a.pet_id = ?')
      params.push(input.petId)
    }
    if (input.from) {
      where.push('a.opened_at >= ?')
      params.push(time(new Date(`${input.from}T00:00:00+08:00`)))
    }
    if (input.to) {
      where.push('a.opened_at < ?')
      params.push(
        time(new Date(Date.parse(`${input.to}T00:00:00+08:00`) + 86_400_000)),
      )
    }
    if (scope.level !== 'head_office') {
      const ids = scope.hospitals.map((h) => h.id)
      where.push(
        `c.hospital_id IN (${ids.map(() => '?').join(', ') || 'NULL'})`,
      )
      params.push(...ids)
    }
    // The total counts every page: the filters without the cursor.
    const sqlWhere = (w: string[]) =>
      w.length ? `WHERE ${w.join(' AND ')}` : ''
    const paged = input.before ? [...where, 'a.id < ?'] : where
    const [[counted], rows] = await Promise.all([
      dataSource.query<{ n: string | number }[]>(
        `SELECT COUNT(*) AS n FROM record_audit a
           LEFT JOIN hospital_customer c ON c.id = a.customer_id
          ${sqlWhere(where)}`,
        params,
      ),
      dataSource.query<
        {
          id: string | number
          user_id: string
          user_name: string | null
          pet_id: string
          pet_name: string | null
          customer_id: string | null
          source: string
          visit_id: string | null
          opened_at: Date | string
          ip: string | null
        }[]
      >(
        `SELECT a.id, a.user_id, s.name AS user_name, a.pet_id, p.name AS pet_name,
                a.customer_id, a.source, a.visit_id, a.opened_at, a.ip
           FROM record_audit a
           LEFT JOIN staff s ON s.user_id = a.user_id
           LEFT JOIN pet p ON p.id = a.pet_id
           LEFT JOIN hospital_customer c ON c.id = a.customer_id
          ${sqlWhere(paged)}
          ORDER BY a.id DESC LIMIT ${PAGE + 1}`,
        input.before ? [...params, input.before] : params,
      ),
    ])
    const page = rows.slice(0, PAGE)
    const body: AuditPage = {
      entries: page.map((r) => ({
        id: String(r.id),
        user: { userId: r.user_id, name: r.user_name ?? r.user_id },
        petId: r.pet_id,
        petName: r.pet_name,
        customerId: r.customer_id,
        source: r.source,
        visitId: r.visit_id,
        openedAt: asIso(r.opened_at),
        ip: r.ip,
      })),
      next: rows.length > PAGE ? String(page.at(-1)!.id) : null,
      pageSize: PAGE,
      total: Number(counted!.n),
    }
    ctx.body = body
  })

  router.get('console.events', '/events', ...guard, async (ctx) => {
    headOffice(ctx)
    const input = parseInput(EventsInput, ctx.query)
    const where: string[] = []
    const params: unknown[] = []
    if (input.status) {
      where.push('status = ?')
      params.push(input.status)
    }
    if (input.before) {
      where.push('id < ?')
      params.push(input.before)
    }
    const [rows, counts] = await Promise.all([
      dataSource.query<
        {
          id: string | number
          event: string
          change_type: string | null
          user_id: string | null
          external_user_id: string | null
          chat_id: string | null
          create_time: string | number
          received_at: Date | string
          status: string
          attempts: number
          last_error: string | null
          processed_at: Date | string | null
        }[]
      >(
        `SELECT id, event, change_type, user_id, external_user_id, chat_id,
                create_time, received_at, status, attempts, last_error, processed_at
           FROM wecom_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY id DESC LIMIT ${PAGE + 1}`,
        params,
      ),
      dataSource.query<{ status: string; n: string | number }[]>(
        'SELECT status, COUNT(*) AS n FROM wecom_event GROUP BY status',
      ),
    ])
    const page = rows.slice(0, PAGE)
    const body: EventLogPage = {
      events: page.map((r) => ({
        id: String(r.id),
        event: r.event,
        changeType: r.change_type,
        userId: r.user_id,
        externalUserId: r.external_user_id,
        chatId: r.chat_id,
        createTime: Number(r.create_time),
        receivedAt: asIso(r.received_at),
        status: r.status,
        // The queue counts failed runs only; a done event also had the run
        // that applied it.
        attempts: Number(r.attempts) + (r.status === 'done' ? 1 : 0),
        failedAttempts: Number(r.attempts),
        lastError: r.last_error,
        processedAt: r.processed_at === null ? null : asIso(r.processed_at),
      })),
      next: rows.length > PAGE ? String(page.at(-1)!.id) : null,
      pageSize: PAGE,
      // The status counts hold the total: of one status, or of them all.
      total: counts
        .filter((c) => !input.status || c.status === input.status)
        .reduce((sum, c) => sum + Number(c.n), 0),
      counts: counts.map((c) => ({ status: c.status, count: Number(c.n) })),
    }
    ctx.body = body
  })

  router.post(
    'console.events.retry',
    '/events/:id/retry',
    ...guard,
    async (ctx) => {
      headOffice(ctx)
      const eventId = parseInput(
        z.coerce.number().int().positive(),
        ctx.params.id,
      )
      const count = await queue.retry([String(eventId)])
      if (count === 0) {
        const event = await dataSource.getRepository(WecomEventEntity).findOne({
          select: { id: true, status: true },
          where: { id: String(eventId) },
        })
        if (!event) {
          throw new NotFoundError('no event with that id')
        }
        // Done, waiting or being processed: nothing to retry (someone may
        // have retried it a moment ago).
        throw new AppError(
          409,
          'EVENT_NOT_RETRYABLE',
          'only a parked or failed event can be retried',
          { details: { status: event.status } },
        )
      }
      ctx.state.log.info({ eventId, by: whoOf(ctx).userId }, 'event retried')
      ctx.status = 204
    },
  )

  router.get('console.lost', '/lost', ...guard, async (ctx) => {
    const today = chinaToday()
    const input = parseInput(
      z
        .object({
          from: z.string().date().default(addDays(today, -29)),
          to: z.string().date().default(today),
          threshold: z.coerce.number().int().min(1).max(1000).default(5),
        })
        .refine((v) => v.from <= v.to, 'from must not be after to'),
      ctx.query,
    )
    ctx.body = await lostCustomers(dataSource, scopeOf(ctx), input)
  })

  router.get('console.groups.quiet', '/groups/quiet', ...guard, async (ctx) => {
    const { days } = parseInput(
      z.object({ days: z.coerce.number().int().min(7).max(730).default(90) }),
      ctx.query,
    )
    ctx.body = await quietGroups(dataSource, scopeOf(ctx), days)
  })

  // After `/groups/problems` and `/groups/quiet`, which a chat id never is
  // (WeCom's start with `wr`).
  router.get('console.group', '/groups/:chatId', ...guard, async (ctx) => {
    const chatId = parseInput(id, ctx.params.chatId)
    ctx.body = await groupDetail(dataSource, scopeOf(ctx), chatId, PAGE)
  })

  router.get(
    'console.group.history',
    '/groups/:chatId/history',
    ...guard,
    async (ctx) => {
      const chatId = parseInput(id, ctx.params.chatId)
      const { page, pageSize } = parseInput(HistoryInput, ctx.query)
      ctx.body = await groupHistory(
        dataSource,
        scopeOf(ctx),
        chatId,
        page,
        pageSize,
      )
    },
  )

  router.post('console.groups.wake', '/groups/wake', ...guard, async (ctx) => {
    const input = await readJson(
      ctx,
      z.object({
        chatIds: z.array(id).min(1).max(200),
        text: z.string().trim().min(1).max(1000),
      }),
    )
    const result = await wakeGroups(
      dataSource,
      deps.wecom,
      scopeOf(ctx),
      whoOf(ctx),
      { ...input, chatIds: [...new Set(input.chatIds)] },
    )
    ctx.state.log.info(
      { groups: input.chatIds.length, tasks: result.tasks.length },
      'wake-up campaign created',
    )
    ctx.body = result
  })

  router.get(
    'console.massMessages',
    '/mass-messages',
    ...guard,
    async (ctx) => {
      ctx.body = await massMessages(dataSource, scopeOf(ctx))
    },
  )

  router.get('console.followUps', '/follow-ups', ...guard, async (ctx) => {
    const range = parseInput(
      z
        .object({
          fromDays: z.coerce.number().int().min(1).max(365).default(30),
          toDays: z.coerce.number().int().min(1).max(365).default(60),
        })
        .refine(
          (v) => v.fromDays <= v.toDays,
          'fromDays must not exceed toDays',
        ),
      ctx.query,
    )
    ctx.body = await followUpsDue(dataSource, scopeOf(ctx), range)
  })

  router.post(
    'console.followUps.send',
    '/follow-ups/send',
    ...guard,
    async (ctx) => {
      const input = await readJson(
        ctx,
        // Strict: an `articleId` for all the customers is refused, as one
        // customer's article is not another's (`withArticles` picks each).
        z
          .object({
            userId: id,
            externalUserIds: z.array(id).min(1).max(1000),
            text: z.string().trim().min(1).max(1000),
            withArticles: z.boolean().default(false),
          })
          .strict(),
      )
      const result = await sendFollowUp(
        dataSource,
        deps.wecom,
        scopeOf(ctx),
        whoOf(ctx),
        {
          ...input,
          externalUserIds: [...new Set(input.externalUserIds)],
        },
      )
      ctx.state.log.info(
        {
          sender: input.userId,
          customers: input.externalUserIds.length,
          tasks: result.tasks.length,
        },
        'follow-up tasks created',
      )
      ctx.body = result
    },
  )

  // A region's changes to the vaccine and deworming protocol (e.g. rabies
  // yearly by local law): read by anyone in scope, changed by head office
  // or the region's admin. The sidebar picks a change up within a minute.
  const regionIn = (ctx: Context) => {
    const regionId = parseInput(id, ctx.params.regionId)
    if (!scopeOf(ctx).regions.some((r) => r.id === regionId)) {
      throw new NotFoundError('no such region in your scope')
    }
    return regionId
  }
  const mayChangeProtocol = (ctx: Context) => {
    if (scopeOf(ctx).level === 'store') {
      throw new ForbiddenError(
        'NOT_IN_SCOPE',
        'head office or region admins only',
      )
    }
  }
  router.get(
    'console.protocol',
    '/protocol/:regionId',
    ...guard,
    async (ctx) => {
      const regionId = regionIn(ctx)
      const row = await dataSource
        .getRepository(CareProtocolOverrideEntity)
        .findOneBy({ regionId })
      const overrides = row
        ? (JSON.parse(row.overridesJson) as ProtocolOverrides)
        : null
      const names = await accountNames(dataSource, [row?.updatedBy])
      const merged = overrides
        ? mergeProtocol(DEFAULT_PROTOCOL, overrides)
        : null
      ctx.body = {
        regionId,
        overrides,
        protocol: merged?.ok ? merged.protocol : DEFAULT_PROTOCOL,
        // What a save may set each field to, for the page to say.
        limits: PROTOCOL_LIMITS,
        updatedBy: row?.updatedBy ?? null,
        // Who changed it, by name (a member's or a local account's).
        updatedByName: row?.updatedBy
          ? (names.get(row.updatedBy) ?? row.updatedBy)
          : null,
        updatedAt: row?.updatedAt.toISOString() ?? null,
      }
    },
  )
  router.put(
    'console.protocol.set',
    '/protocol/:regionId',
    ...guard,
    async (ctx) => {
      const regionId = regionIn(ctx)
      mayChangeProtocol(ctx)
      const overrides = (await readJson(
        ctx,
        z
          .object({
            region: z.string().trim().min(1).max(32),
            vaccines: z
              .record(z.string(), z.object({}).passthrough())
              .optional(),
            deworming: z
              .record(z.string(), z.object({}).passthrough())
              .optional(),
            addVaccines: z.array(z.object({}).passthrough()).max(20).optional(),
            addDeworming: z
              .array(z.object({}).passthrough())
              .max(20)
              .optional(),
          })
          .strict(),
      )) as unknown as ProtocolOverrides
      const merged = mergeProtocol(DEFAULT_PROTOCOL, overrides)
      const ranges = protocolRangeErrors(overrides)
      if (!merged.ok || ranges.length > 0) {
        throw new ValidationError('the protocol changes do not hold', {
          errors: protocolErrors(ranges, merged.ok ? [] : merged.errors),
        })
      }
      await dataSource.getRepository(CareProtocolOverrideEntity).upsert(
        {
          regionId,
          overridesJson: JSON.stringify(overrides),
          updatedBy: whoOf(ctx).userId,
          updatedAt: new Date(),
        },
        ['regionId'],
      )
      ctx.status = 204
    },
  )
  router.delete(
    'console.protocol.reset',
    '/protocol/:regionId',
    ...guard,
    async (ctx) => {
      const regionId = regionIn(ctx)
      mayChangeProtocol(ctx)
      await dataSource
        .getRepository(CareProtocolOverrideEntity)
        .delete({ regionId })
      ctx.status = 204
    },
  )

  const replies = new QuickReplyAdmin(dataSource)
  const ReplyInput = z
    .object({
      scope: z.enum(['head_office', 'region']),
      regionId: id.optional(),
      category: z.string().trim().min(1).max(32),
      title: z.string().trim().min(1).max(64),
      kind: z.enum(['text', 'link', 'image']),
      content: z.string().trim().min(1).max(2000),
      link: z
        .object({
          url: z
            .string()
            .url()
            .max(512)
            .refine((u) => /^https?:/.test(u), 'http(s) only'),
          title: z.string().trim().min(1).max(64),
          desc: z.string().trim().max(128),
          imgUrl: z
            .string()
            .url()
            .max(512)
            .refine((u) => /^https?:/.test(u), 'http(s) only'),
        })
        .optional(),
      imageUrl: imageUrl.optional(),
    })
    .refine((v) => v.kind !== 'link' || v.link, 'a link reply needs link')
    .refine(
      (v) => v.kind !== 'image' || v.imageUrl,
      'an image reply needs imageUrl',
    )

  router.get('console.replies', '/quick-replies', ...guard, async (ctx) => {
    ctx.body = {
      replies: await replies.list(scopeOf(ctx)),
      // The sidebar's own list: the editor marks any other {{name}}.
      variables: REPLY_VARIABLES,
    }
  })

  router.post(
    'console.replies.add',
    '/quick-replies',
    ...guard,
    async (ctx) => {
      const input = await readJson(ctx, ReplyInput)
      ctx.status = 201
      ctx.body = { id: await replies.create(scopeOf(ctx), whoOf(ctx), input) }
    },
  )

  router.put(
    'console.replies.edit',
    '/quick-replies/:id',
    ...guard,
    async (ctx) => {
      const input = await readJson(ctx, ReplyInput)
      await replies.update(scopeOf(ctx), parseInput(id, ctx.params.id), input)
      ctx.status = 204
    },
  )

  router.delete(
    'console.replies.remove',
    '/quick-replies/:id',
    ...guard,
    async (ctx) => {
      await replies.remove(scopeOf(ctx), parseInput(id, ctx.params.id))
      ctx.status = 204
    },
  )

  return router
}

function asIso(value: Date | string): string {
  return readSqlTime(value).toISOString()
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  // Both ends count: 2024-01 to 2024-12 is 12 months.
  return (ty - fy) * 12 + (tm - fm) + 1
}
