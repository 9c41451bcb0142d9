import {
  addCustomer,
  deleteExternalContact,
  deleteFollowUser,
  editExternalContact,
} from './actions-customers'
import {
  addGroupMembers,
  changeGroupNotice,
  createGroupChat,
  dismissGroupChat,
  removeGroupMembers,
  renameGroupChat,
} from './actions-groups'
import { createMember, deleteMember, updateMember } from './actions-members'
import type { CallbackDelivery } from './callbacks'
import type { OAuthGrant, SimContext } from './context'
import { SimActionError } from './errcodes'
import type { SimRouter } from './http'
import { summarizeState } from './summary'
import type { StaffRole } from './state'
import { int, text, texts } from './admin-input'

/** The admin paths, for the CLI's banner and `GET /sim`. */
export const ADMIN_PATHS = [
  'GET    /sim/state',
  'POST   /sim/customers                                  {userid, name?, state?, addWay?, tagIds?}',
  'PATCH  /sim/customers/:externalUserId/follows/:userid  {remark?, description?, tagIds?}',
  'DELETE /sim/customers/:externalUserId/follows/:userid  (the customer deletes the member)',
  'DELETE /sim/members/:userid/customers/:externalUserId  (the member deletes the customer)',
  'POST   /sim/groups                                     {owner, name?, notice?, members?}',
  'PATCH  /sim/groups/:chatId                             {name?, notice?}',
  'POST   /sim/groups/:chatId/members                     {ids, joinScene?}',
  'DELETE /sim/groups/:chatId/members                     {ids, quitScene?}',
  'DELETE /sim/groups/:chatId                             (dismiss)',
  'POST   /sim/members                                    {userid, name, department, role}',
  'PATCH  /sim/members/:userid                            {name?, department?, role?}',
  'DELETE /sim/members/:userid',
  'POST   /sim/oauth-codes                                {userid} or {openid, externalUserId?}',
  'POST   /sim/faults                                     {path?, errcode?, delayMs?, times?}',
  'DELETE /sim/faults',
  'POST   /sim/tokens/revoke',
  'GET    /sim/callbacks',
  'GET    /sim/sent',
] as const

/**
 * The admin API under `/sim/`: JSON in, JSON out, for people and scripts.
 * Every change sends its callback before the answer comes back.
 */
export function addAdminRoutes(router: SimRouter, context: SimContext): void {
  router.on('GET', '/sim', () => ({ paths: ADMIN_PATHS }))
  router.on('GET', '/sim/state', () => summarizeState(context))

  router.on('POST', '/sim/customers', async ({ body }) =>
    present(
      await addCustomer(context, {
        userid: text(body, 'userid', true),
        externalUserId: text(body, 'externalUserId'),
        name: text(body, 'name'),
        state: text(body, 'state'),
        addWay: int(body, 'addWay'),
        remark: text(body, 'remark'),
        description: text(body, 'description'),
        tagIds: texts(body, 'tagIds'),
        welcomeCode: body.welcomeCode !== false,
      }),
    ),
  )
  router.on(
    'PATCH',
    '/sim/customers/:externalUserId/follows/:userid',
    async ({ params, body }) =>
      present(
        await editExternalContact(context, {
          userid: params.userid ?? '',
          externalUserId: params.externalUserId ?? '',
          remark: text(body, 'remark'),
          description: text(body, 'description'),
          tagIds: texts(body, 'tagIds'),
        }),
      ),
  )
  router.on(
    'DELETE',
    '/sim/customers/:externalUserId/follows/:userid',
    async ({ params }) =>
      present(
        await deleteFollowUser(context, {
          userid: params.userid ?? '',
          externalUserId: params.externalUserId ?? '',
        }),
      ),
  )
  router.on(
    'DELETE',
    '/sim/members/:userid/customers/:externalUserId',
    async ({ params, body }) =>
      present(
        await deleteExternalContact(context, {
          userid: params.userid ?? '',
          externalUserId: params.externalUserId ?? '',
          source: text(body, 'source'),
        }),
      ),
  )

  addAdminGroupRoutes(router, context)
  addAdminMemberRoutes(router, context)

  router.on('POST', '/sim/oauth-codes', ({ body }) => {
    const userid = text(body, 'userid')
    const openid = text(body, 'openid')
    let grant: OAuthGrant
    if (userid) {
      grant = { userid }
    } else if (openid) {
      grant = { openid, externalUserId: text(body, 'externalUserId') }
    } else {
      throw new SimActionError(400, 'BAD_INPUT', 'give userid or openid')
    }
    return { code: context.oauthCodes.issue(grant) }
  })
  router.on('POST', '/sim/faults', ({ body }) => {
    try {
      context.faults.inject({
        path: text(body, 'path'),
        errcode: int(body, 'errcode'),
        delayMs: int(body, 'delayMs'),
        times: int(body, 'times'),
      })
    } catch (error) {
      throw new SimActionError(400, 'BAD_FAULT', String(error))
    }
    return { pending: context.faults.pending() }
  })
  router.on('DELETE', '/sim/faults', () => {
    context.faults.clear()
    return { pending: 0 }
  })
  router.on('POST', '/sim/tokens/revoke', () => {
    context.tokens.revokeAll()
    return {}
  })
  router.on('GET', '/sim/callbacks', () => ({
    url: context.callbacks.url,
    deliveries: context.callbacks.deliveries,
  }))
  router.on('GET', '/sim/sent', () => context.sent)
}

function addAdminGroupRoutes(router: SimRouter, context: SimContext): void {
  router.on('POST', '/sim/groups', async ({ body }) =>
    present(
      await createGroupChat(context, {
        owner: text(body, 'owner', true),
        name: text(body, 'name'),
        notice: text(body, 'notice'),
        members: texts(body, 'members'),
      }),
    ),
  )
  router.on('PATCH', '/sim/groups/:chatId', async ({ params, body }) => {
    const chatId = params.chatId ?? ''
    const name = text(body, 'name')
    const notice = text(body, 'notice')
    if (name === undefined && notice === undefined) {
      throw new SimActionError(400, 'BAD_INPUT', 'give name or notice')
    }
    const deliveries: CallbackDelivery[] = []
    if (name !== undefined) {
      deliveries.push((await renameGroupChat(context, chatId, name)).delivery)
    }
    if (notice !== undefined) {
      const result = await changeGroupNotice(context, chatId, notice)
      deliveries.push(result.delivery)
    }
    return {
      group: context.directory.group(chatId),
      deliveries: deliveries.map(brief),
    }
  })
  router.on('POST', '/sim/groups/:chatId/members', async ({ params, body }) =>
    present(
      await addGroupMembers(
        context,
        params.chatId ?? '',
        texts(body, 'ids') ?? [],
        {
          joinScene: int(body, 'joinScene') as 1 | 2 | 3 | undefined,
          invitor: text(body, 'invitor'),
        },
      ),
    ),
  )
  router.on('DELETE', '/sim/groups/:chatId/members', async ({ params, body }) =>
    present(
      await removeGroupMembers(
        context,
        params.chatId ?? '',
        texts(body, 'ids') ?? [],
        {
          quitScene: int(body, 'quitScene') === 1 ? 1 : 0,
        },
      ),
    ),
  )
  router.on('DELETE', '/sim/groups/:chatId', async ({ params }) =>
    present(await dismissGroupChat(context, params.chatId ?? '')),
  )
}

function addAdminMemberRoutes(router: SimRouter, context: SimContext): void {
  router.on('POST', '/sim/members', async ({ body }) =>
    present(
      await createMember(context, {
        userid: text(body, 'userid', true),
        name: text(body, 'name', true),
        department: text(body, 'department', true),
        role: text(body, 'role', true) as StaffRole,
        position: text(body, 'position'),
      }),
    ),
  )
  router.on('PATCH', '/sim/members/:userid', async ({ params, body }) =>
    present(
      await updateMember(context, params.userid ?? '', {
        name: text(body, 'name'),
        department: text(body, 'department'),
        role: text(body, 'role') as StaffRole | undefined,
        position: text(body, 'position'),
      }),
    ),
  )
  router.on('DELETE', '/sim/members/:userid', async ({ params }) =>
    present(await deleteMember(context, params.userid ?? '')),
  )
}

/** An action's result with its delivery cut down to what people read. */
function present<T extends { delivery: CallbackDelivery }>(result: T) {
  return { ...result, delivery: brief(result.delivery) }
}

function brief(delivery: CallbackDelivery) {
  return {
    id: delivery.id,
    event: delivery.event,
    changeType: delivery.changeType,
    outcome: delivery.outcome,
    attempts: delivery.attempts,
  }
}
