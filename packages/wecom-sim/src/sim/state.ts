import { createHash } from 'node:crypto'

/**
 * The simulated corp, kept in memory. Ids are strings throughout, department
 * ids included; the HTTP layer turns them into numbers where WeCom does.
 */

/** What a member's `position` says they do. */
export type StaffRole =
  | 'butler'
  | 'front_desk'
  | 'doctor'
  | 'nurse'
  | 'region_manager'
  | 'store_manager'
  | 'operations'

/** The `position` text WeCom shows for each role. */
export const ROLE_POSITIONS: Record<StaffRole, string> = {
  butler: '爱宠管家',
  front_desk: '前台',
  doctor: '医生',
  nurse: '护士',
  region_manager: '大区经理',
  store_manager: '店长',
  operations: '总部运营',
}

/** A department: the corp, the head office, a region or a hospital. */
export interface SimDepartment {
  id: string
  name: string
  /** Null for the root (the corp itself). */
  parentId: string | null
  order: number
  kind: 'corp' | 'head_office' | 'region' | 'store'
}

/** A member of the corp (staff), as the directory holds them. */
export interface SimMember {
  userid: string
  name: string
  departments: string[]
  mainDepartment: string
  position: string
  role: StaffRole
  /** '1' male, '2' female, as WeCom writes it. */
  gender: string
  mobile: string
  email: string
  avatar: string
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status: number
  /** Has customer contact (客户联系) enabled. */
  customerContact: boolean
}

/** A customer (external contact): a WeChat user. */
export interface SimCustomer {
  externalUserId: string
  name: string
  avatar: string
  /** 1 WeChat user, 2 WeCom user. */
  type: number
  /** 0 unknown, 1 male, 2 female. */
  gender: number
  unionid?: string
  /** Simulator-only: the hospital system's customer number, e.g. C10023. */
  customerNo: string
  /** Simulator-only: the pet's name, used to name the customer's group. */
  petName: string
  /** Simulator-only: what the pet is, as the members tag the customer. */
  species?: 'cat' | 'dog'
}

/** One member's side of a customer relation (WeCom's `follow_user`). */
export interface SimFollow {
  userid: string
  externalUserId: string
  remark: string
  description: string
  /** Unix seconds. */
  createtime: number
  tagIds: string[]
  remarkMobiles: string[]
  addWay: number
  operUserid: string
  state?: string
  /** The customer deleted the member: a one-way relation, still readable. */
  deletedByCustomer: boolean
}

/** A corp customer tag (`et…`). */
export interface SimTag {
  id: string
  name: string
  createTime: number
  order: number
}

/** A group of corp customer tags, e.g. 宠物类型. */
export interface SimTagGroup {
  groupId: string
  groupName: string
  createTime: number
  order: number
  tags: SimTag[]
}

/** Someone in a customer group: a member or an external user. */
export interface SimGroupMember {
  /** A member's userid or a customer's external_userid. */
  userid: string
  /** 1 member, 2 external. */
  type: number
  unionid?: string
  joinTime: number
  /** 1 direct invite, 2 invitation link, 3 QR code (groupchat/get's codes). */
  joinScene: number
  invitor?: string
  groupNickname: string
  name: string
}

/** A customer group (`wr…`). */
export interface SimGroupChat {
  chatId: string
  name: string
  owner: string
  createTime: number
  notice: string
  /** 0 normal, 1 owner left, 2 handing over, 3 handed over. */
  status: number
  dismissed: boolean
  members: SimGroupMember[]
  admins: string[]
  memberVersion: string
}

/**
 * A change to a customer relation before the simulator started, which the
 * corp as it stands cannot tell: a relation a member ended is gone, and one
 * the customer ended is still listed (one-way), with no word of when.
 * `replayHistory()` sends these as the callbacks WeCom sent at the time.
 */
export interface SimPastChange {
  changeType:
    'add_external_contact' | 'del_external_contact' | 'del_follow_user'
  userid: string
  externalUserId: string
  /** Unix seconds: the callback's `CreateTime`. */
  time: number
  /** The contact-me channel of an add. */
  state?: string
}

/** The whole simulated corp. Lists keep creation order, which paging uses. */
export interface SimState {
  corpName: string
  departments: SimDepartment[]
  members: SimMember[]
  customers: SimCustomer[]
  follows: SimFollow[]
  tagGroups: SimTagGroup[]
  groups: SimGroupChat[]
  /** The recent past the state cannot show, oldest first. */
  history: SimPastChange[]
}

/** Lookups over a {@link SimState}, shared by the routes and the actions. */
export class SimDirectory {
  constructor(readonly state: SimState) {}

  member(userid: string): SimMember | undefined {
    return this.state.members.find((member) => member.userid === userid)
  }

  department(id: string): SimDepartment | undefined {
    return this.state.departments.find((department) => department.id === id)
  }

  customer(externalUserId: string): SimCustomer | undefined {
    return this.state.customers.find(
      (customer) => customer.externalUserId === externalUserId,
    )
  }

  group(chatId: string): SimGroupChat | undefined {
    return this.state.groups.find((group) => group.chatId === chatId)
  }

  /** The follows of one customer, oldest first. */
  followsOfCustomer(externalUserId: string): SimFollow[] {
    return this.state.follows.filter(
      (follow) => follow.externalUserId === externalUserId,
    )
  }

  /** The follows of one member, oldest first. */
  followsOfMember(userid: string): SimFollow[] {
    return this.state.follows.filter((follow) => follow.userid === userid)
  }

  follow(userid: string, externalUserId: string): SimFollow | undefined {
    return this.state.follows.find(
      (follow) =>
        follow.userid === userid && follow.externalUserId === externalUserId,
    )
  }

  tag(tagId: string): { group: SimTagGroup; tag: SimTag } | undefined {
    for (const group of this.state.tagGroups) {
      const tag = group.tags.find((candidate) => candidate.id === tagId)
      if (tag) {
        return { group, tag }
      }
    }
    return undefined
  }

  /** Members whose main department is `departmentId`, or who belong to it. */
  membersOf(departmentId: string): SimMember[] {
    return this.state.members.filter((member) =>
      member.departments.includes(departmentId),
    )
  }

  /** `departmentId` and every department below it. */
  subtree(departmentId: string): SimDepartment[] {
    const found: SimDepartment[] = []
    const visit = (id: string) => {
      const department = this.department(id)
      if (!department) {
        return
      }
      found.push(department)
      for (const child of this.state.departments) {
        if (child.parentId === id) {
          visit(child.id)
        }
      }
    }
    visit(departmentId)
    return found
  }
}

/**
 * The next `member_version` of a group: a 32-hex digest that changes with
 * every change to the member list, as WeCom's does.
 */
export function nextMemberVersion(
  previous: string,
  members: readonly { userid: string }[],
): string {
  const ids = members.map((member) => member.userid).join(',')
  return createHash('md5').update(`${previous}|${ids}`).digest('hex')
}
