import { externalChatXml, type ChatChange } from '../event-xml'
import { requireContactMember } from './actions-customers'
import type { CallbackDelivery } from './callbacks'
import { nowSeconds, type SimContext } from './context'
import { SimActionError } from './errcodes'
import {
  nextMemberVersion,
  type SimGroupChat,
  type SimGroupMember,
} from './state'

/** A new customer group, as `createGroupChat` takes it. */
export interface CreateGroupInput {
  /** The owner: a member with customer contact, e.g. a butler. */
  owner: string
  name?: string
  notice?: string
  /** Members' userids and customers' external_userids, owner excluded. */
  members?: string[]
}

/** How people joined, in `groupchat/get`'s codes. */
export interface JoinOptions {
  /** 1 invited directly (default), 2 through a link, 3 by the QR code. */
  joinScene?: 1 | 2 | 3
  /** Who invited them (the owner by default; none for the QR code). */
  invitor?: string
}

/** The group after a change, and how its callback went. */
export interface GroupResult {
  group: SimGroupChat
  delivery: CallbackDelivery
}

/**
 * A member creates a customer group (`create`). Everyone listed joins by
 * the owner's invitation.
 * @throws {SimActionError} for an unknown owner or member
 */
export async function createGroupChat(
  context: SimContext,
  input: CreateGroupInput,
): Promise<GroupResult> {
  const owner = requireContactMember(context, input.owner)
  const now = nowSeconds(context)
  const members: SimGroupMember[] = [
    { ...newMember(context, owner.userid, now), joinScene: 1 },
  ]
  for (const id of input.members ?? []) {
    if (id !== owner.userid && !members.some((m) => m.userid === id)) {
      members.push({ ...newMember(context, id, now), invitor: owner.userid })
    }
  }

  const group: SimGroupChat = {
    chatId: `wr${context.random.urlSafe(30)}`,
    name: input.name ?? '',
    owner: owner.userid,
    createTime: now,
    notice: input.notice ?? '',
    status: 0,
    dismissed: false,
    members,
    admins: [],
    memberVersion: nextMemberVersion('', members),
  }
  context.state.groups.push(group)
  return { group, delivery: await notify(context, group, 'create') }
}

/** The owner renames the group (`update` / `change_name`). */
export async function renameGroupChat(
  context: SimContext,
  chatId: string,
  name: string,
): Promise<GroupResult> {
  const group = requireGroup(context, chatId)
  group.name = name
  return {
    group,
    delivery: await notify(context, group, 'update', 'change_name'),
  }
}

/** The group notice changes (`update` / `change_notice`). */
export async function changeGroupNotice(
  context: SimContext,
  chatId: string,
  notice: string,
): Promise<GroupResult> {
  const group = requireGroup(context, chatId)
  group.notice = notice
  return {
    group,
    delivery: await notify(context, group, 'update', 'change_notice'),
  }
}

/**
 * People join the group (`update` / `add_member`). The event's `JoinScene`
 * is 3 for the QR code and 0 otherwise, unlike `groupchat/get`'s codes.
 * @throws {SimActionError} when someone is unknown or already in the group
 */
export async function addGroupMembers(
  context: SimContext,
  chatId: string,
  ids: string[],
  options: JoinOptions = {},
): Promise<GroupResult> {
  const group = requireGroup(context, chatId)
  requireSome(ids)
  const joinScene = options.joinScene ?? 1
  const invitor = joinScene === 3 ? undefined : (options.invitor ?? group.owner)
  const now = nowSeconds(context)
  const joining = ids.map((id) => {
    if (group.members.some((member) => member.userid === id)) {
      throw new SimActionError(409, 'ALREADY_IN_GROUP', `${id} is in the group`)
    }
    return { ...newMember(context, id, now), joinScene, invitor }
  })

  const lastMemVer = group.memberVersion
  group.members.push(...joining)
  group.memberVersion = nextMemberVersion(lastMemVer, group.members)
  const delivery = await notify(context, group, 'update', 'add_member', {
    joinScene: joinScene === 3 ? '3' : '0',
    members: ids,
    lastMemVer,
  })
  return { group, delivery }
}

/**
 * People leave the group or are removed (`update` / `del_member`); the
 * owner cannot leave.
 * @param options.quitScene 0 left by themselves (default), 1 removed
 * @throws {SimActionError} when someone is not in the group, or is its owner
 */
export async function removeGroupMembers(
  context: SimContext,
  chatId: string,
  ids: string[],
  options: { quitScene?: 0 | 1 } = {},
): Promise<GroupResult> {
  const group = requireGroup(context, chatId)
  requireSome(ids)
  for (const id of ids) {
    if (id === group.owner) {
      throw new SimActionError(
        409,
        'OWNER_CANNOT_LEAVE',
        'dismiss the group instead',
      )
    }
    if (!group.members.some((member) => member.userid === id)) {
      throw new SimActionError(404, 'NOT_IN_GROUP', `${id} is not in the group`)
    }
  }

  const lastMemVer = group.memberVersion
  group.members = group.members.filter((member) => !ids.includes(member.userid))
  group.memberVersion = nextMemberVersion(lastMemVer, group.members)
  const delivery = await notify(context, group, 'update', 'del_member', {
    quitScene: String(options.quitScene ?? 0),
    members: ids,
    lastMemVer,
  })
  return { group, delivery }
}

/** The owner dismisses the group (`dismiss`); it leaves the API's lists. */
export async function dismissGroupChat(
  context: SimContext,
  chatId: string,
): Promise<GroupResult> {
  const group = requireGroup(context, chatId)
  group.dismissed = true
  return { group, delivery: await notify(context, group, 'dismiss') }
}

/** A member of the corp, a known customer, or any other WeChat user. */
function newMember(
  context: SimContext,
  id: string,
  now: number,
): SimGroupMember {
  const member = context.directory.member(id)
  const customer = context.directory.customer(id)
  if (!member && !customer && !/^w[mo][A-Za-z0-9_-]{8,62}$/.test(id)) {
    throw new SimActionError(
      404,
      'UNKNOWN_GROUP_MEMBER',
      `${id} is neither a member nor an external_userid`,
    )
  }
  return {
    userid: id,
    type: member ? 1 : 2,
    unionid: customer?.unionid,
    joinTime: now,
    joinScene: 1,
    groupNickname: '',
    name: member?.name ?? customer?.name ?? '',
  }
}

function requireGroup(context: SimContext, chatId: string): SimGroupChat {
  const group = context.directory.group(chatId)
  if (!group) {
    throw new SimActionError(404, 'GROUP_NOT_FOUND', `no group ${chatId}`)
  }
  if (group.dismissed) {
    throw new SimActionError(409, 'GROUP_DISMISSED', `${chatId} is dismissed`)
  }
  return group
}

function requireSome(ids: string[]): void {
  if (ids.length === 0) {
    throw new SimActionError(400, 'NO_MEMBERS', 'name at least one member')
  }
}

function notify(
  context: SimContext,
  group: SimGroupChat,
  changeType: ChatChange['changeType'],
  updateDetail?: string,
  change: Pick<
    ChatChange,
    'joinScene' | 'quitScene' | 'members' | 'lastMemVer'
  > = {},
): Promise<CallbackDelivery> {
  const message = externalChatXml({
    corpId: context.corp.corpId,
    chatId: group.chatId,
    changeType,
    updateDetail,
    createTime: nowSeconds(context),
    ...change,
    curMemVer: change.members ? group.memberVersion : undefined,
  })
  return context.callbacks.send(message)
}
