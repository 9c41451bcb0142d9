/**
 * The simulator's records in WeCom's JSON shapes. Department ids become
 * numbers here, as WeCom sends them.
 * @see https://developer.work.weixin.qq.com/document/path/92114
 */
import { SimApiError } from './errcodes'
import type {
  SimCustomer,
  SimDepartment,
  SimDirectory,
  SimFollow,
  SimGroupChat,
  SimMember,
} from './state'

/** A member as `user/get` and `user/list` return it. */
export function memberJson(member: SimMember) {
  return {
    userid: member.userid,
    name: member.name,
    department: member.departments.map(Number),
    order: member.departments.map(() => 0),
    position: member.position,
    mobile: member.mobile,
    gender: member.gender,
    email: member.email,
    is_leader_in_dept: member.departments.map(() => 0),
    direct_leader: [],
    avatar: member.avatar,
    thumb_avatar: member.avatar,
    telephone: '',
    alias: '',
    status: member.status,
    main_department: Number(member.mainDepartment),
    extattr: { attrs: [] },
    external_position: member.position,
  }
}

/** A department as `department/list` returns it; the root's parent is 0. */
export function departmentJson(department: SimDepartment) {
  return {
    id: Number(department.id),
    name: department.name,
    name_en: '',
    department_leader: [],
    parentid: department.parentId === null ? 0 : Number(department.parentId),
    order: department.order,
  }
}

/** The `external_contact` object of `externalcontact/get`. */
export function customerJson(customer: SimCustomer) {
  return {
    external_userid: customer.externalUserId,
    name: customer.name,
    avatar: customer.avatar,
    type: customer.type,
    gender: customer.gender,
    ...(customer.unionid ? { unionid: customer.unionid } : {}),
  }
}

/** The fields `follow_user` and `follow_info` share. */
function followBase(follow: SimFollow) {
  return {
    userid: follow.userid,
    remark: follow.remark,
    description: follow.description,
    createtime: follow.createtime,
    remark_corp_name: '',
    remark_mobiles: follow.remarkMobiles,
    oper_userid: follow.operUserid,
    add_way: follow.addWay,
    ...(follow.state ? { state: follow.state } : {}),
  }
}

/** One `follow_user` entry of `externalcontact/get`, with tag names. */
export function followUserJson(directory: SimDirectory, follow: SimFollow) {
  const tags = follow.tagIds.flatMap((tagId) => {
    const found = directory.tag(tagId)
    if (!found) {
      return []
    }
    return [
      {
        group_name: found.group.groupName,
        tag_name: found.tag.name,
        tag_id: found.tag.id,
        type: 1,
      },
    ]
  })
  return { ...followBase(follow), tags }
}

/** The `follow_info` of `batch/get_by_user`: tag ids only. */
export function followInfoJson(follow: SimFollow) {
  return { ...followBase(follow), tag_id: follow.tagIds }
}

/** The `group_chat` object of `groupchat/get`. */
export function groupChatJson(group: SimGroupChat, needName: boolean) {
  return {
    chat_id: group.chatId,
    name: group.name,
    owner: group.owner,
    create_time: group.createTime,
    notice: group.notice,
    member_list: group.members.map((member) => ({
      userid: member.userid,
      type: member.type,
      ...(member.unionid ? { unionid: member.unionid } : {}),
      join_time: member.joinTime,
      join_scene: member.joinScene,
      ...(member.invitor ? { invitor: { userid: member.invitor } } : {}),
      group_nickname: member.groupNickname,
      ...(needName ? { name: member.name } : {}),
    })),
    admin_list: group.admins.map((userid) => ({ userid })),
    member_version: group.memberVersion,
  }
}

/**
 * An opaque paging cursor holding an offset. The kind is part of it, so a
 * cursor from one endpoint is refused by another.
 */
export function encodeCursor(kind: string, offset: number): string {
  return Buffer.from(`${kind}:${offset}`).toString('base64url')
}

/**
 * The offset in a cursor; 0 for none.
 * @throws {SimApiError} 50100 for a cursor this endpoint did not issue
 */
export function decodeCursor(kind: string, cursor: unknown): number {
  if (cursor === undefined || cursor === null || cursor === '') {
    return 0
  }
  const text =
    typeof cursor === 'string'
      ? Buffer.from(cursor, 'base64url').toString()
      : ''
  const match = /^([a-z_]+):(\d{1,9})$/.exec(text)
  if (!match || match[1] !== kind) {
    throw new SimApiError('INVALID_CURSOR')
  }
  return Number(match[2])
}

/** A page of `items` from `offset`, and the cursor of the next, if any. */
export function pageOf<T>(
  kind: string,
  items: T[],
  offset: number,
  limit: number,
): { page: T[]; nextCursor: string } {
  const page = items.slice(offset, offset + limit)
  const end = offset + page.length
  return {
    page,
    nextCursor: end < items.length ? encodeCursor(kind, end) : '',
  }
}
