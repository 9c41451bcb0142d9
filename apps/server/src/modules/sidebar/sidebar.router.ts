import Router from '@koa/router'
import type { Context, Middleware } from 'koa'
import { isLocalDate } from '@petcare/domain'
import { z } from 'zod'
import type { Config } from '../../config'
import { NotFoundError } from '../../errors'
import { parseInput, readJson } from '../../middlewares/json-body'
import type { RequestState } from '../../middlewares/request-context'
import type { AuthState } from '../auth/auth.router'
import type { QuickReplyLibrary } from './quick-replies'
import type { RequestOrigin, SidebarService } from './sidebar.service'

const id = z.string().trim().min(1).max(128)
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
/**
 * Text people write: no control characters (tabs and line breaks aside)
 * and no broken UTF-16, which the database would store as garbage.
 */
const prose = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine(
      (text) => !CONTROL.test(text) && !LONE_SURROGATE.test(text),
      'must not contain control characters',
    )
const localDate = z.string().refine(isLocalDate, 'must be a date, YYYY-MM-DD')

const BindBody = z
  .object({
    externalUserId: id,
    customerId: z.string().trim().min(1).max(32).optional(),
    phone: z.string().trim().min(5).max(20).optional(),
    create: z
      .object({
        name: prose(64),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[\d\s-]{5,20}$/, 'must be a phone number')
          .optional(),
        hospitalId: z.string().trim().min(1).max(32).optional(),
      })
      .optional(),
  })
  .refine(
    (b) => [b.customerId, b.phone, b.create].filter(Boolean).length === 1,
    'give exactly one of customerId, phone or create',
  )

const NoteBody = z
  .object({
    externalUserId: id.optional(),
    chatId: id.optional(),
    petId: z.string().trim().min(1).max(32).optional(),
    text: prose(2000),
    remindOn: localDate.optional(),
  })
  .refine(
    (n) => Boolean(n.externalUserId) !== Boolean(n.chatId),
    'give exactly one of externalUserId or chatId',
  )

const QuickReplyQuery = z.object({
  externalUserId: id.optional(),
  chatId: id.optional(),
  petId: z.string().trim().min(1).max(32).optional(),
  q: z.string().max(64).optional(),
  category: z.string().max(32).optional(),
})

const PersonalReply = z.object({
  category: prose(32),
  title: prose(64),
  content: prose(2000),
})

const VisitQuery = z.object({
  before: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})

/**
 * The sidebar's API: one call per chat (single or group) with everything
 * shown, history on demand, quick replies, notes and bindings. Every route
 * needs a signed-in member; answers are never cached by the browser.
 */
export function createSidebarRouter(deps: {
  config: Config
  service: SidebarService
  replies: QuickReplyLibrary
  requireMember: Middleware<RequestState>
}): Router<RequestState> {
  const { service, replies, config } = deps
  const router = new Router<RequestState>()
  const who = (ctx: Context) => (ctx.state as AuthState).principal

  const guard: Middleware<RequestState>[] = [
    deps.requireMember,
    async (ctx, next) => {
      ctx.set('Cache-Control', 'no-store')
      await next()
    },
  ]

  router.get(
    'sidebar.contact',
    '/api/sidebar/contacts/:externalUserId',
    ...guard,
    async (ctx) => {
      ctx.body = await service.contactView(
        who(ctx),
        parseInput(id, ctx.params.externalUserId),
        origin(ctx),
      )
    },
  )

  router.get(
    'sidebar.group',
    '/api/sidebar/groups/:chatId',
    ...guard,
    async (ctx) => {
      ctx.body = await service.groupView(
        who(ctx),
        parseInput(id, ctx.params.chatId),
        origin(ctx),
      )
    },
  )

  router.get(
    'sidebar.visits',
    '/api/sidebar/pets/:petId/visits',
    ...guard,
    async (ctx) => {
      const query = parseInput(VisitQuery, ctx.query)
      ctx.body = await service.visitPage(
        who(ctx),
        parseInput(id, ctx.params.petId),
        query.before ? new Date(query.before) : null,
        query.limit,
        origin(ctx),
      )
    },
  )

  router.get(
    'sidebar.visit',
    '/api/sidebar/visits/:visitId',
    ...guard,
    async (ctx) => {
      ctx.body = await service.visitDetail(
        who(ctx),
        parseInput(id, ctx.params.visitId),
        origin(ctx),
      )
    },
  )

  router.get(
    'sidebar.quickReplies',
    '/api/sidebar/quick-replies',
    ...guard,
    async (ctx) => {
      const query = parseInput(QuickReplyQuery, ctx.query)
      const context = await service.replyContext(who(ctx), query)
      ctx.body = await replies.list(who(ctx), {
        q: query.q,
        category: query.category,
        context,
        // Koa 3's ctx.origin is the Origin header, not this server.
        base: config.publicUrl ?? `${ctx.protocol}://${ctx.host}`,
      })
    },
  )

  router.post(
    'sidebar.quickReplies.add',
    '/api/sidebar/quick-replies',
    ...guard,
    async (ctx) => {
      const input = await readJson(ctx, PersonalReply)
      const row = await replies.addPersonal(who(ctx), input)
      ctx.status = 201
      ctx.body = { id: row.id }
    },
  )

  router.delete(
    'sidebar.quickReplies.remove',
    '/api/sidebar/quick-replies/:id',
    ...guard,
    async (ctx) => {
      if (!(await replies.removePersonal(who(ctx), ctx.params.id ?? ''))) {
        throw new NotFoundError('no such quick reply of yours')
      }
      ctx.status = 204
    },
  )

  router.post(
    'sidebar.quickReplies.used',
    '/api/sidebar/quick-replies/:id/used',
    ...guard,
    async (ctx) => {
      if (!(await replies.recordUse(who(ctx), ctx.params.id ?? ''))) {
        throw new NotFoundError('no such quick reply')
      }
      ctx.status = 204
    },
  )

  router.post(
    'sidebar.quickReplies.media',
    '/api/sidebar/quick-replies/:id/media',
    ...guard,
    async (ctx) => {
      ctx.body = await replies.mediaFor(who(ctx), parseInput(id, ctx.params.id))
    },
  )

  router.post(
    'sidebar.notes.add',
    '/api/sidebar/notes',
    ...guard,
    async (ctx) => {
      const input = await readJson(ctx, NoteBody)
      ctx.status = 201
      ctx.body = await service.addNote(who(ctx), input)
    },
  )

  router.patch(
    'sidebar.notes.done',
    '/api/sidebar/notes/:id',
    ...guard,
    async (ctx) => {
      const input = await readJson(ctx, z.object({ done: z.boolean() }))
      ctx.body = await service.setNoteDone(
        who(ctx),
        ctx.params.id ?? '',
        input.done,
      )
    },
  )

  router.get(
    'sidebar.customers',
    '/api/sidebar/customers',
    ...guard,
    async (ctx) => {
      const { q } = parseInput(
        z.object({
          q: z.string().trim().min(3, 'at least 3 characters').max(32),
        }),
        ctx.query,
      )
      ctx.body = { customers: await service.candidates(who(ctx), q) }
    },
  )

  router.post(
    'sidebar.bind',
    '/api/sidebar/bindings',
    ...guard,
    async (ctx) => {
      const input = await readJson(ctx, BindBody)
      await service.bind(who(ctx), input)
      ctx.body = await service.contactView(
        who(ctx),
        input.externalUserId,
        origin(ctx),
      )
    },
  )

  router.delete(
    'sidebar.unbind',
    '/api/sidebar/bindings/:externalUserId',
    ...guard,
    async (ctx) => {
      await service.unbind(who(ctx), parseInput(id, ctx.params.externalUserId))
      ctx.status = 204
    },
  )

  router.get('demo.chats', '/api/demo/chats', ...guard, async (ctx) => {
    if (!config.demo) {
      throw new NotFoundError()
    }
    const { q } = parseInput(
      z.object({ q: z.string().trim().max(32).optional() }),
      ctx.query,
    )
    ctx.body = await service.demoChats(who(ctx), q)
  })

  return router
}

function origin(ctx: Context): RequestOrigin {
  return { ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null }
}
