import { parseWecomXml, readItems, readText, type XmlNode } from './xml'

/** Fields every decrypted callback carries. */
export interface EventHeader {
  /** `ToUserName`: the corp id (or suite id for third-party callbacks). */
  toUserName: string
  /** `FromUserName`: `sys` for the change events. */
  fromUserName: string
  /** `CreateTime` in Unix seconds. */
  createTime: number
  msgType: string
  /** `AgentID`, when the message names one. */
  agentId?: string
}

export const EXTERNAL_CONTACT_CHANGES = [
  'add_external_contact',
  'edit_external_contact',
  'add_half_external_contact',
  'del_external_contact',
  'del_follow_user',
  'transfer_fail',
  'msg_audit_approved',
] as const
export type ExternalContactChange = (typeof EXTERNAL_CONTACT_CHANGES)[number]

/**
 * `change_external_contact`: a customer was added, edited or removed.
 * @see https://developer.work.weixin.qq.com/document/path/92130
 */
export interface ExternalContactEvent extends EventHeader {
  kind: 'external_contact'
  event: 'change_external_contact'
  changeType: ExternalContactChange
  /** The member (`UserID`). */
  userId: string
  externalUserId: string
  /** The contact-me channel (`State`), on adds. */
  state?: string
  /** A one-shot code for the welcome message, on adds. */
  welcomeCode?: string
  /** `DELETE_BY_TRANSFER` when a transfer removed the customer. */
  source?: string
  /** `customer_refused` or `customer_limit_exceed`, on `transfer_fail`. */
  failReason?: string
}

export const CHAT_UPDATE_DETAILS = [
  'add_member',
  'del_member',
  'change_owner',
  'change_name',
  'change_notice',
] as const
export type ChatUpdateDetail = (typeof CHAT_UPDATE_DETAILS)[number]

interface ExternalChatBase extends EventHeader {
  kind: 'external_chat'
  event: 'change_external_chat'
  chatId: string
}

/**
 * `change_external_chat`: a customer group was created, changed or dismissed.
 * @see https://developer.work.weixin.qq.com/document/path/92130
 */
export type ExternalChatEvent =
  | (ExternalChatBase & { changeType: 'create' | 'dismiss' })
  | (ExternalChatBase & {
      changeType: 'update'
      updateDetail: ChatUpdateDetail
      /** On `add_member`: 0 invited by a member, 3 by the group QR code. */
      joinScene?: string
      /** On `del_member`: 0 left, 1 removed by the owner or an admin. */
      quitScene?: string
      memChangeCount?: number
      /** Member or external user ids that joined or left; always a list. */
      memChangeList: string[]
      lastMemVer?: string
      curMemVer?: string
    })

/** `change_external_tag`: the corp's customer tag library changed. */
export interface ExternalTagEvent extends EventHeader {
  kind: 'external_tag'
  event: 'change_external_tag'
  changeType: 'create' | 'update' | 'delete' | 'shuffle'
  /** The tag or tag group id. */
  id?: string
  tagType?: 'tag' | 'tag_group'
  strategyId?: string
}

/** `change_contact` for a member of the corp. */
export interface ContactUserEvent extends EventHeader {
  kind: 'contact_user'
  event: 'change_contact'
  changeType: 'create_user' | 'update_user' | 'delete_user'
  userId: string
  /** Set when an update changed the member's id itself. */
  newUserId?: string
  name?: string
  /** Department ids; WeCom sends them as a comma list. */
  departments: string[]
  mainDepartment?: string
  /** One flag per department, in the same order: 1 leader, 0 not. */
  isLeaderInDept: string[]
  position?: string
  mobile?: string
  gender?: string
  email?: string
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: string
  avatar?: string
  alias?: string
}

/** `change_contact` for a department. */
export interface ContactPartyEvent extends EventHeader {
  kind: 'contact_party'
  event: 'change_contact'
  changeType: 'create_party' | 'update_party' | 'delete_party'
  departmentId: string
  name?: string
  parentId?: string
  order?: string
}

/** `change_contact` for a contact tag's members. */
export interface ContactTagEvent extends EventHeader {
  kind: 'contact_tag'
  event: 'change_contact'
  changeType: 'update_tag'
  tagId: string
  addUserItems: string[]
  delUserItems: string[]
  addPartyItems: string[]
  delPartyItems: string[]
}

/**
 * Anything else: another event, a user message, or a known event missing a
 * field it needs. It is still stored; `reason` says why it is unknown.
 */
export interface UnknownEvent extends EventHeader {
  kind: 'unknown'
  event?: string
  changeType?: string
  reason: string
}

/** A decrypted WeCom callback, discriminated by `kind`. */
export type WecomEvent =
  | ExternalContactEvent
  | ExternalChatEvent
  | ExternalTagEvent
  | ContactUserEvent
  | ContactPartyEvent
  | ContactTagEvent
  | UnknownEvent

/** Raised inside the parser when a known event lacks a field it needs. */
class MissingField extends Error {}

/**
 * Parses a decrypted callback message into a typed event. A well-formed
 * message that is not a known event becomes an `UnknownEvent`; it is never
 * dropped.
 * @throws {WecomCryptoError} XML_INVALID when the message is not WeCom XML
 */
export function parseEvent(message: string): WecomEvent {
  const xml = parseWecomXml(message)
  const header = readHeader(xml)
  const event = readText(xml, 'Event')
  const changeType = readText(xml, 'ChangeType')

  try {
    const parsed = parseKnownEvent(xml, header, event, changeType)
    if (parsed) {
      return parsed
    }
  } catch (error) {
    if (!(error instanceof MissingField)) {
      throw error
    }
    return unknown(header, event, changeType, error.message)
  }

  const reason =
    header.msgType === 'event'
      ? 'event or change type not handled'
      : 'not an event message'
  return unknown(header, event, changeType, reason)
}

function parseKnownEvent(
  xml: XmlNode,
  header: EventHeader,
  event: string | undefined,
  changeType: string | undefined,
): WecomEvent | undefined {
  if (header.msgType !== 'event') {
    return undefined
  }
  if (event === 'change_external_contact') {
    return parseExternalContact(xml, header, changeType)
  }
  if (event === 'change_external_chat') {
    return parseExternalChat(xml, header, changeType)
  }
  if (event === 'change_external_tag') {
    return parseExternalTag(xml, header, changeType)
  }
  if (event === 'change_contact') {
    return parseContact(xml, header, changeType)
  }
  return undefined
}

function parseExternalContact(
  xml: XmlNode,
  header: EventHeader,
  changeType: string | undefined,
): ExternalContactEvent | undefined {
  if (!isOneOf(EXTERNAL_CONTACT_CHANGES, changeType)) {
    return undefined
  }
  return {
    ...header,
    kind: 'external_contact',
    event: 'change_external_contact',
    changeType,
    userId: required(xml, 'UserID'),
    externalUserId: required(xml, 'ExternalUserID'),
    state: optional(xml, 'State'),
    welcomeCode: optional(xml, 'WelcomeCode'),
    source: optional(xml, 'Source'),
    failReason: optional(xml, 'FailReason'),
  }
}

function parseExternalChat(
  xml: XmlNode,
  header: EventHeader,
  changeType: string | undefined,
): ExternalChatEvent | undefined {
  const base = {
    ...header,
    kind: 'external_chat' as const,
    event: 'change_external_chat' as const,
  }
  if (changeType === 'create' || changeType === 'dismiss') {
    return { ...base, changeType, chatId: required(xml, 'ChatId') }
  }
  if (changeType !== 'update') {
    return undefined
  }
  const updateDetail = required(xml, 'UpdateDetail')
  if (!isOneOf(CHAT_UPDATE_DETAILS, updateDetail)) {
    return undefined
  }
  const count = optional(xml, 'MemChangeCnt')
  return {
    ...base,
    changeType,
    chatId: required(xml, 'ChatId'),
    updateDetail,
    joinScene: optional(xml, 'JoinScene'),
    quitScene: optional(xml, 'QuitScene'),
    memChangeCount: count === undefined ? undefined : toCount(count),
    memChangeList: readItems(xml, 'MemChangeList'),
    lastMemVer: optional(xml, 'LastMemVer'),
    curMemVer: optional(xml, 'CurMemVer'),
  }
}

function parseExternalTag(
  xml: XmlNode,
  header: EventHeader,
  changeType: string | undefined,
): ExternalTagEvent | undefined {
  const changes = ['create', 'update', 'delete', 'shuffle'] as const
  if (!isOneOf(changes, changeType)) {
    return undefined
  }
  const tagType = optional(xml, 'TagType')
  return {
    ...header,
    kind: 'external_tag',
    event: 'change_external_tag',
    changeType,
    id: optional(xml, 'Id'),
    tagType: tagType === 'tag' || tagType === 'tag_group' ? tagType : undefined,
    strategyId: optional(xml, 'StrategyId'),
  }
}

function parseContact(
  xml: XmlNode,
  header: EventHeader,
  changeType: string | undefined,
): WecomEvent | undefined {
  const base = { ...header, event: 'change_contact' as const }
  const userChanges = ['create_user', 'update_user', 'delete_user'] as const
  const partyChanges = ['create_party', 'update_party', 'delete_party'] as const

  if (isOneOf(userChanges, changeType)) {
    return {
      ...base,
      kind: 'contact_user',
      changeType,
      userId: required(xml, 'UserID'),
      newUserId: optional(xml, 'NewUserID'),
      name: optional(xml, 'Name'),
      departments: splitList(optional(xml, 'Department')),
      mainDepartment: optional(xml, 'MainDepartment'),
      isLeaderInDept: splitList(optional(xml, 'IsLeaderInDept')),
      position: optional(xml, 'Position'),
      mobile: optional(xml, 'Mobile'),
      gender: optional(xml, 'Gender'),
      email: optional(xml, 'Email'),
      status: optional(xml, 'Status'),
      avatar: optional(xml, 'Avatar'),
      alias: optional(xml, 'Alias'),
    }
  }
  if (isOneOf(partyChanges, changeType)) {
    return {
      ...base,
      kind: 'contact_party',
      changeType,
      departmentId: required(xml, 'Id'),
      name: optional(xml, 'Name'),
      parentId: optional(xml, 'ParentId'),
      order: optional(xml, 'Order'),
    }
  }
  if (changeType === 'update_tag') {
    return {
      ...base,
      kind: 'contact_tag',
      changeType,
      tagId: required(xml, 'TagId'),
      addUserItems: splitList(optional(xml, 'AddUserItems')),
      delUserItems: splitList(optional(xml, 'DelUserItems')),
      addPartyItems: splitList(optional(xml, 'AddPartyItems')),
      delPartyItems: splitList(optional(xml, 'DelPartyItems')),
    }
  }
  return undefined
}

function readHeader(xml: XmlNode): EventHeader {
  const createTime = readText(xml, 'CreateTime') ?? ''
  return {
    toUserName: readText(xml, 'ToUserName') ?? '',
    fromUserName: readText(xml, 'FromUserName') ?? '',
    createTime: /^\d{1,12}$/.test(createTime) ? Number(createTime) : 0,
    msgType: readText(xml, 'MsgType') ?? '',
    agentId: optional(xml, 'AgentID'),
  }
}

function unknown(
  header: EventHeader,
  event: string | undefined,
  changeType: string | undefined,
  reason: string,
): UnknownEvent {
  return { ...header, kind: 'unknown', event, changeType, reason }
}

function required(xml: XmlNode, name: string): string {
  const value = readText(xml, name)
  if (value === undefined || value === '') {
    throw new MissingField(`missing ${name}`)
  }
  return value
}

function optional(xml: XmlNode, name: string): string | undefined {
  const value = readText(xml, name)
  return value === '' ? undefined : value
}

function splitList(value: string | undefined): string[] {
  if (value === undefined) {
    return []
  }
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

function toCount(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined
}

function isOneOf<T extends string>(
  values: readonly T[],
  value: string | undefined,
): value is T {
  return value !== undefined && (values as readonly string[]).includes(value)
}
