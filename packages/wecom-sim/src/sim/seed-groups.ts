import {
  COMPLAINTS,
  EMOJIS,
  GROUP_SEPARATORS,
  NICKNAME_SHAPES,
  NOTICE_PARAGRAPH,
  PET_NAMES,
} from './names'
import type { SeededRandom } from './random'
import {
  nextMemberVersion,
  type SimCustomer,
  type SimDepartment,
  type SimFollow,
  type SimGroupChat,
  type SimGroupMember,
  type SimMember,
} from './state'

interface GroupSeedInput {
  departments: SimDepartment[]
  members: SimMember[]
  customers: SimCustomer[]
  follows: SimFollow[]
}

/** Staff invited into a customer's group besides its owner, the butler. */
const CARE_ROLES = ['doctor', 'front_desk', 'nurse'] as const

/**
 * Builds ~150 customer groups, mostly one per customer and named after the
 * one-customer-one-group rule, plus a few big member-benefit groups and a
 * few dismissed ones.
 */
export function seedGroups(
  random: SeededRandom,
  input: GroupSeedInput,
): SimGroupChat[] {
  const members = new Map(input.members.map((m) => [m.userid, m]))
  const butlerFollows = input.follows.filter(
    (follow) => members.get(follow.userid)?.role === 'butler',
  )
  const chosen = random
    .shuffle(butlerFollows)
    .slice(0, random.int(143, 150))
    .sort((a, b) => a.createtime - b.createtime)

  const groups = chosen.map((follow) => {
    const customer = input.customers.find(
      (c) => c.externalUserId === follow.externalUserId,
    ) as SimCustomer
    const owner = members.get(follow.userid) as SimMember
    return customerGroup(random, customer, owner, follow, input.members)
  })
  for (const group of random.shuffle(groups).slice(0, 4)) {
    group.dismissed = true
  }

  const stores = input.departments.filter((d) => d.kind === 'store')
  for (const store of random.shuffle(stores).slice(0, 3)) {
    groups.push(benefitGroup(random, store, input))
  }
  return groups
}

function customerGroup(
  random: SeededRandom,
  customer: SimCustomer,
  owner: SimMember,
  follow: SimFollow,
  staff: SimMember[],
): SimGroupChat {
  const createTime = follow.createtime + random.int(60, 3 * 86_400)
  const joined = (offset: number) => createTime + offset
  const list: SimGroupMember[] = [
    staffMember(owner, joined(0)),
    {
      userid: customer.externalUserId,
      type: 2,
      unionid: customer.unionid,
      joinTime: joined(random.int(5, 600)),
      joinScene: random.pick([1, 1, 2, 3]),
      invitor: owner.userid,
      groupNickname: '',
      name: customer.name,
    },
  ]
  // Most groups have the whole care team; some miss a role.
  for (const role of CARE_ROLES) {
    const candidates = staff.filter(
      (m) => m.role === role && m.mainDepartment === owner.mainDepartment,
    )
    if (candidates.length > 0 && random.chance(0.88)) {
      list.push(staffMember(random.pick(candidates), joined(30), owner.userid))
    }
  }

  return {
    chatId: `wr${random.urlSafe(30)}`,
    name: groupName(random, customer),
    owner: owner.userid,
    createTime,
    notice: groupNotice(random),
    status: 0,
    dismissed: false,
    members: list,
    admins: [],
    memberVersion: nextMemberVersion('', list),
  }
}

/** `customer ID + pet + complaint`, typed the ways people type it. */
function groupName(random: SeededRandom, customer: SimCustomer): string {
  const pet = customer.petName
  const no = customer.customerNo
  const complaint = random.pick(COMPLAINTS)
  const separator = random.pick(GROUP_SEPARATORS)
  if (random.chance(0.85)) {
    return [no, pet, complaint].join(separator)
  }
  return random.pick([
    `${pet}家长群`,
    `${no}${separator}${pet}`,
    `${customer.name}的群`,
    `${pet}${complaint}群`,
  ])
}

function groupNotice(random: SeededRandom): string {
  const roll = random.next()
  if (roll < 0.12) {
    return NOTICE_PARAGRAPH.repeat(10)
  }
  if (roll < 0.7) {
    return '复诊请提前一天在群里预约，急诊请直接拨打门店电话。'
  }
  return ''
}

/** A hospital's member-benefit group: hundreds of customers and others. */
function benefitGroup(
  random: SeededRandom,
  store: SimDepartment,
  input: GroupSeedInput,
): SimGroupChat {
  const staff = input.members.filter((m) => m.mainDepartment === store.id)
  const owner = staff.find((m) => m.role === 'butler') as SimMember
  const createTime = 1_700_000_000 + random.int(0, 30_000_000)
  const list = staff.map((m) =>
    staffMember(m, createTime, m === owner ? undefined : owner.userid),
  )
  const storeFollowers = new Set(
    input.follows
      .filter((f) => staff.some((m) => m.userid === f.userid))
      .map((f) => f.externalUserId),
  )
  for (const customer of input.customers) {
    if (storeFollowers.has(customer.externalUserId)) {
      list.push(outsider(random, createTime, customer))
    }
  }
  // People who joined through the QR code without adding anyone.
  for (let i = random.int(200, 450); i > 0; i--) {
    list.push(outsider(random, createTime))
  }

  return {
    chatId: `wr${random.urlSafe(30)}`,
    name: `安心宠物·${store.name}会员福利群`,
    owner: owner.userid,
    createTime,
    notice: '每周三会员日，疫苗、驱虫九折。群内请勿发广告。',
    status: 0,
    dismissed: false,
    members: list,
    admins: staff.filter((m) => m.role === 'front_desk').map((m) => m.userid),
    memberVersion: nextMemberVersion('', list),
  }
}

function staffMember(
  member: SimMember,
  joinTime: number,
  invitor?: string,
): SimGroupMember {
  return {
    userid: member.userid,
    type: 1,
    joinTime,
    joinScene: 1,
    invitor,
    groupNickname: '',
    name: member.name,
  }
}

function outsider(
  random: SeededRandom,
  createTime: number,
  customer?: SimCustomer,
): SimGroupMember {
  const name =
    customer?.name ??
    random
      .pick(NICKNAME_SHAPES)
      .replaceAll('{pet}', random.pick(PET_NAMES))
      .replaceAll('{e}', random.pick(EMOJIS))
  return {
    userid: customer?.externalUserId ?? `wm${random.urlSafe(30)}`,
    type: 2,
    unionid: customer?.unionid,
    joinTime: createTime + random.int(60, 90 * 86_400),
    joinScene: random.pick([3, 3, 2]),
    groupNickname: random.chance(0.2) ? `${name}（会员）` : '',
    name,
  }
}
