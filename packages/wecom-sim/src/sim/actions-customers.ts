import { externalContactXml, type ContactChange } from '../event-xml'
import { newAvatarUrl } from './avatars'
import type { CallbackDelivery } from './callbacks'
import { nowSeconds, type SimContext } from './context'
import { SimActionError } from './errcodes'
import type { SimCustomer, SimFollow, SimMember } from './state'

/** A customer adding a member, as `addCustomer` takes it. */
export interface AddCustomerInput {
  /** The member the customer adds. */
  userid: string
  /** An existing customer's id; a new customer is made when omitted. */
  externalUserId?: string
  /** The WeChat nickname of a new customer (emoji welcome). */
  name?: string
  avatar?: string
  /** 0 unknown, 1 male, 2 female. */
  gender?: number
  unionid?: string
  /** The contact-me channel, sent as `State`. */
  state?: string
  /** How the customer was added (1 scanned a QR code). */
  addWay?: number
  remark?: string
  description?: string
  tagIds?: string[]
  /** Issue a `WelcomeCode` with the event (true). */
  welcomeCode?: boolean
}

/** What `addCustomer` made, and how its callback went. */
export interface AddCustomerResult {
  customer: SimCustomer
  follow: SimFollow
  /** The code `send_welcome_msg` accepts, once, for a short time. */
  welcomeCode?: string
  delivery: CallbackDelivery
}

/** One member–customer relation. */
export interface FollowKey {
  userid: string
  externalUserId: string
}

/** What `editExternalContact` changes; omitted fields stay. */
export interface EditCustomerInput extends FollowKey {
  remark?: string
  description?: string
  tagIds?: string[]
  remarkMobiles?: string[]
}

/**
 * A customer adds a member (new customer or one the corp already has): the
 * follow is created, a welcome code issued, and `add_external_contact` sent.
 * @throws {SimActionError} for an unknown member, one without customer
 *   contact, or a follow that already exists
 */
export async function addCustomer(
  context: SimContext,
  input: AddCustomerInput,
): Promise<AddCustomerResult> {
  const member = requireContactMember(context, input.userid)
  const customer = input.externalUserId
    ? requireCustomer(context, input.externalUserId)
    : createCustomer(context, input)
  if (context.directory.follow(member.userid, customer.externalUserId)) {
    throw new SimActionError(
      409,
      'FOLLOW_EXISTS',
      'the member already has this customer',
    )
  }
  checkTags(context, input.tagIds ?? [])

  const addWay = input.addWay ?? 1
  const follow: SimFollow = {
    userid: member.userid,
    externalUserId: customer.externalUserId,
    remark: input.remark ?? '',
    description: input.description ?? '',
    createtime: nowSeconds(context),
    tagIds: input.tagIds ?? [],
    remarkMobiles: [],
    addWay,
    operUserid: addWay === 1 ? customer.externalUserId : member.userid,
    state: input.state,
    deletedByCustomer: false,
  }
  context.state.follows.push(follow)
  const welcomeCode =
    input.welcomeCode === false
      ? undefined
      : context.welcomeCodes.issue({
          userid: member.userid,
          externalUserId: customer.externalUserId,
        })

  const delivery = await notify(context, 'add_external_contact', follow, {
    state: input.state,
    welcomeCode,
  })
  return { customer, follow, welcomeCode, delivery }
}

/**
 * The customer deletes the member (`del_follow_user`). The relation becomes
 * one-way: WeCom keeps answering for it, so the follow stays readable.
 * @throws {SimActionError} when there is no such follow
 */
export async function deleteFollowUser(
  context: SimContext,
  key: FollowKey,
): Promise<{ follow: SimFollow; delivery: CallbackDelivery }> {
  const follow = requireFollow(context, key)
  if (follow.deletedByCustomer) {
    throw new SimActionError(
      409,
      'FOLLOW_DELETED',
      'the customer deleted this member already',
    )
  }
  follow.deletedByCustomer = true
  const delivery = await notify(context, 'del_follow_user', follow)
  return { follow, delivery }
}

/**
 * The member deletes the customer (`del_external_contact`): the follow is
 * gone. `source` is `DELETE_BY_TRANSFER` when a transfer removed it.
 * @throws {SimActionError} when there is no such follow
 */
export async function deleteExternalContact(
  context: SimContext,
  key: FollowKey & { source?: string },
): Promise<{ follow: SimFollow; delivery: CallbackDelivery }> {
  const follow = requireFollow(context, key)
  const follows = context.state.follows
  follows.splice(follows.indexOf(follow), 1)
  const delivery = await notify(context, 'del_external_contact', follow, {
    source: key.source,
  })
  return { follow, delivery }
}

/**
 * The member edits the customer's remark, description or corp tags
 * (`edit_external_contact`).
 * @throws {SimActionError} when there is no such follow or tag
 */
export async function editExternalContact(
  context: SimContext,
  input: EditCustomerInput,
): Promise<{ follow: SimFollow; delivery: CallbackDelivery }> {
  const follow = requireFollow(context, input)
  checkTags(context, input.tagIds ?? [])
  follow.remark = input.remark ?? follow.remark
  follow.description = input.description ?? follow.description
  follow.tagIds = input.tagIds ?? follow.tagIds
  follow.remarkMobiles = input.remarkMobiles ?? follow.remarkMobiles
  const delivery = await notify(context, 'edit_external_contact', follow)
  return { follow, delivery }
}

function createCustomer(
  context: SimContext,
  input: AddCustomerInput,
): SimCustomer {
  const { random } = context
  const customer: SimCustomer = {
    externalUserId: `wm${random.urlSafe(30)}`,
    name: input.name ?? `新客户${random.int(100, 999)}`,
    avatar: input.avatar ?? newAvatarUrl(context),
    type: 1,
    gender: input.gender ?? 0,
    unionid: input.unionid,
    customerNo: '',
    petName: '',
  }
  context.state.customers.push(customer)
  return customer
}

function notify(
  context: SimContext,
  changeType: ContactChange['changeType'],
  follow: SimFollow,
  extra: Pick<ContactChange, 'state' | 'welcomeCode' | 'source'> = {},
): Promise<CallbackDelivery> {
  const message = externalContactXml({
    corpId: context.corp.corpId,
    changeType,
    userId: follow.userid,
    externalUserId: follow.externalUserId,
    createTime: nowSeconds(context),
    ...extra,
  })
  return context.callbacks.send(message)
}

/** @throws {SimActionError} 404 unknown member, 409 no customer contact */
export function requireContactMember(
  context: SimContext,
  userid: string,
): SimMember {
  const member = context.directory.member(userid)
  if (!member) {
    throw new SimActionError(404, 'MEMBER_NOT_FOUND', `no member ${userid}`)
  }
  if (!member.customerContact) {
    throw new SimActionError(
      409,
      'NO_CUSTOMER_CONTACT',
      `${userid} does not have customer contact enabled`,
    )
  }
  return member
}

function requireCustomer(context: SimContext, id: string): SimCustomer {
  const customer = context.directory.customer(id)
  if (!customer) {
    throw new SimActionError(404, 'CUSTOMER_NOT_FOUND', `no customer ${id}`)
  }
  return customer
}

function requireFollow(context: SimContext, key: FollowKey): SimFollow {
  const follow = context.directory.follow(key.userid, key.externalUserId)
  if (!follow) {
    throw new SimActionError(
      404,
      'FOLLOW_NOT_FOUND',
      `${key.userid} does not have customer ${key.externalUserId}`,
    )
  }
  return follow
}

function checkTags(context: SimContext, tagIds: string[]): void {
  const unknown = tagIds.filter((id) => !context.directory.tag(id))
  if (unknown.length > 0) {
    throw new SimActionError(
      400,
      'TAG_NOT_FOUND',
      `no tag ${unknown.join(', ')}`,
    )
  }
}
