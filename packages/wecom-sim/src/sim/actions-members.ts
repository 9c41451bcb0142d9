import { staffXml, type StaffChange } from '../event-xml'
import type { CallbackDelivery } from './callbacks'
import { nowSeconds, type SimContext } from './context'
import { SimActionError } from './errcodes'
import { ROLE_POSITIONS, type SimMember, type StaffRole } from './state'

/** A new member, as `createMember` takes it. */
export interface CreateMemberInput {
  userid: string
  name: string
  /** The main department's id, e.g. a hospital's. */
  department: string
  role: StaffRole
  /** The `position` text; the role's Chinese title by default. */
  position?: string
  gender?: '1' | '2'
  mobile?: string
}

/** What `updateMember` changes; omitted fields stay. */
export interface UpdateMemberInput {
  name?: string
  department?: string
  role?: StaffRole
  position?: string
}

/** The member after a change, and how its callback went. */
export interface MemberResult {
  member: SimMember
  delivery: CallbackDelivery
}

const USERID = /^[A-Za-z0-9_.@-]{1,64}$/

/**
 * A member joins the corp (`change_contact` / `create_user`).
 * @throws {SimActionError} for a taken or malformed userid, or an unknown
 *   department
 */
export async function createMember(
  context: SimContext,
  input: CreateMemberInput,
): Promise<MemberResult> {
  if (!USERID.test(input.userid)) {
    throw new SimActionError(
      400,
      'BAD_USERID',
      'userid: 1–64 of A-Z a-z 0-9 _ . @ -',
    )
  }
  if (context.directory.member(input.userid)) {
    throw new SimActionError(409, 'USERID_TAKEN', `${input.userid} exists`)
  }
  if (!ROLE_POSITIONS[input.role]) {
    throw new SimActionError(400, 'BAD_ROLE', `no role ${String(input.role)}`)
  }
  requireDepartment(context, input.department)

  const member: SimMember = {
    userid: input.userid,
    name: input.name,
    departments: [input.department],
    mainDepartment: input.department,
    position: input.position ?? ROLE_POSITIONS[input.role],
    role: input.role,
    gender: input.gender ?? '1',
    mobile: input.mobile ?? '',
    email: '',
    avatar: '',
    status: 1,
    customerContact: input.role !== 'operations',
  }
  context.state.members.push(member)
  const delivery = await notify(context, 'create_user', member, {
    name: member.name,
    departments: member.departments,
    mainDepartment: member.mainDepartment,
    position: member.position,
    status: '1',
  })
  return { member, delivery }
}

/**
 * A member's name, department or position changes (`update_user`); the
 * event carries only what changed.
 * @throws {SimActionError} for an unknown member or department
 */
export async function updateMember(
  context: SimContext,
  userid: string,
  changes: UpdateMemberInput,
): Promise<MemberResult> {
  const member = requireMember(context, userid)
  if (changes.department) {
    requireDepartment(context, changes.department)
    member.departments = [changes.department]
    member.mainDepartment = changes.department
  }
  if (changes.role) {
    member.role = changes.role
    member.customerContact = changes.role !== 'operations'
  }
  const position =
    changes.position ??
    (changes.role ? ROLE_POSITIONS[changes.role] : undefined)
  member.name = changes.name ?? member.name
  member.position = position ?? member.position

  const delivery = await notify(context, 'update_user', member, {
    name: changes.name,
    departments: changes.department ? member.departments : undefined,
    mainDepartment: changes.department,
    position,
  })
  return { member, delivery }
}

/**
 * A member leaves (`delete_user`). Their customers stay, waiting for a
 * transfer, and the groups they own are marked "owner left" (status 1).
 * @throws {SimActionError} for an unknown member
 */
export async function deleteMember(
  context: SimContext,
  userid: string,
): Promise<MemberResult> {
  const member = requireMember(context, userid)
  const members = context.state.members
  members.splice(members.indexOf(member), 1)
  for (const group of context.state.groups) {
    if (group.owner === userid && !group.dismissed) {
      group.status = 1
    }
  }
  const delivery = await notify(context, 'delete_user', member)
  return { member, delivery }
}

function requireMember(context: SimContext, userid: string): SimMember {
  const member = context.directory.member(userid)
  if (!member) {
    throw new SimActionError(404, 'MEMBER_NOT_FOUND', `no member ${userid}`)
  }
  return member
}

function requireDepartment(context: SimContext, id: string): void {
  if (!context.directory.department(id)) {
    throw new SimActionError(404, 'DEPARTMENT_NOT_FOUND', `no department ${id}`)
  }
}

function notify(
  context: SimContext,
  changeType: StaffChange['changeType'],
  member: SimMember,
  fields: Omit<StaffChange, 'corpId' | 'changeType' | 'userId'> = {},
): Promise<CallbackDelivery> {
  const message = staffXml({
    corpId: context.corp.corpId,
    changeType,
    userId: member.userid,
    createTime: nowSeconds(context),
    ...fields,
  })
  return context.callbacks.send(message)
}
