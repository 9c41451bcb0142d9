import { buildWecomXml } from '@petcare/wecom'

type Fields = Record<string, string | number | string[] | undefined>

/** The header every change event carries. */
function header(corpId: string, event: string, createTime?: number): Fields {
  return {
    ToUserName: corpId,
    FromUserName: 'sys',
    CreateTime: createTime ?? Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: event,
  }
}

export interface ContactChange {
  corpId: string
  changeType:
    | 'add_external_contact'
    | 'edit_external_contact'
    | 'add_half_external_contact'
    | 'del_external_contact'
    | 'del_follow_user'
    | 'transfer_fail'
  userId: string
  externalUserId: string
  state?: string
  welcomeCode?: string
  source?: string
  failReason?: string
  createTime?: number
}

/** A `change_external_contact` message as WeCom writes it. */
export function externalContactXml(change: ContactChange): string {
  return buildWecomXml({
    ...header(change.corpId, 'change_external_contact', change.createTime),
    ChangeType: change.changeType,
    UserID: change.userId,
    ExternalUserID: change.externalUserId,
    State: change.state,
    WelcomeCode: change.welcomeCode,
    Source: change.source,
    FailReason: change.failReason,
  })
}

export interface ChatChange {
  corpId: string
  chatId: string
  changeType: 'create' | 'update' | 'dismiss'
  updateDetail?: string
  joinScene?: string
  quitScene?: string
  members?: string[]
  lastMemVer?: string
  curMemVer?: string
  createTime?: number
}

/** A `change_external_chat` message as WeCom writes it. */
export function externalChatXml(change: ChatChange): string {
  const members = change.members ?? []
  const memberFields: Fields =
    change.updateDetail === 'add_member' || change.updateDetail === 'del_member'
      ? {
          JoinScene: change.joinScene,
          QuitScene: change.quitScene,
          MemChangeCnt: members.length,
          MemChangeList: members,
          LastMemVer: change.lastMemVer,
          CurMemVer: change.curMemVer,
        }
      : {}
  return buildWecomXml({
    ...header(change.corpId, 'change_external_chat', change.createTime),
    ChatId: change.chatId,
    ChangeType: change.changeType,
    UpdateDetail:
      change.changeType === 'update' ? change.updateDetail : undefined,
    ...memberFields,
  })
}

export interface TagChange {
  corpId: string
  changeType: 'create' | 'update' | 'delete' | 'shuffle'
  id: string
  tagType?: 'tag' | 'tag_group'
  createTime?: number
}

/** A `change_external_tag` message. */
export function externalTagXml(change: TagChange): string {
  return buildWecomXml({
    ...header(change.corpId, 'change_external_tag', change.createTime),
    Id: change.id,
    TagType: change.tagType ?? 'tag',
    ChangeType: change.changeType,
  })
}

export interface StaffChange {
  corpId: string
  changeType: 'create_user' | 'update_user' | 'delete_user'
  userId: string
  newUserId?: string
  name?: string
  departments?: string[]
  mainDepartment?: string
  position?: string
  status?: string
  createTime?: number
}

/** A `change_contact` message for a member. */
export function staffXml(change: StaffChange): string {
  return buildWecomXml({
    ...header(change.corpId, 'change_contact', change.createTime),
    ChangeType: change.changeType,
    UserID: change.userId,
    NewUserID: change.newUserId,
    Name: change.name,
    Department: change.departments?.join(','),
    MainDepartment: change.mainDepartment,
    Position: change.position,
    Status: change.status,
  })
}

export interface DepartmentChange {
  corpId: string
  changeType: 'create_party' | 'update_party' | 'delete_party'
  id: string
  name?: string
  parentId?: string
  createTime?: number
}

/** A `change_contact` message for a department. */
export function departmentXml(change: DepartmentChange): string {
  return buildWecomXml({
    ...header(change.corpId, 'change_contact', change.createTime),
    ChangeType: change.changeType,
    Id: change.id,
    Name: change.name,
    ParentId: change.parentId,
  })
}
