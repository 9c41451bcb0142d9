import {
  DESCRIPTIONS,
  EMOJIS,
  NICKNAME_SHAPES,
  PET_NAMES,
  SEED_EPOCH,
} from './names'
import { AVATAR_PATH } from './avatars'
import type { SeededRandom } from './random'
import type {
  SimCustomer,
  SimDepartment,
  SimFollow,
  SimMember,
  SimTagGroup,
} from './state'

interface CustomerSeedInput {
  departments: SimDepartment[]
  members: SimMember[]
  tagGroups: SimTagGroup[]
}

/** `add_way` values a pet hospital sees most, weighted by repetition. */
const ADD_WAYS = [1, 1, 1, 1, 3, 4, 2, 16, 201] as const

/** Builds ~300 customers, each followed by one or two staff members. */
export function seedCustomers(
  random: SeededRandom,
  input: CustomerSeedInput,
): { customers: SimCustomer[]; follows: SimFollow[] } {
  const stores = input.departments.filter((d) => d.kind === 'store')
  const customers: SimCustomer[] = []
  const follows: SimFollow[] = []
  const count = random.int(290, 310)
  let customerNo = 10_000

  for (let i = 0; i < count; i++) {
    customerNo += random.int(1, 3)
    const customer = buildCustomer(random, `C${customerNo}`)
    customers.push(customer)

    const store = random.pick(stores)
    const staff = input.members.filter((m) => m.mainDepartment === store.id)
    const butler = random.pick(staff.filter((m) => m.role === 'butler'))
    const first = buildFollow(random, input.tagGroups, customer, butler, store)
    follows.push(first)

    // Some customers also added a doctor or the front desk of the same store.
    if (random.chance(0.3)) {
      const other = random.pick(
        staff.filter((m) => m.role === 'doctor' || m.role === 'front_desk'),
      )
      const second = buildFollow(
        random,
        input.tagGroups,
        customer,
        other,
        store,
      )
      second.createtime = first.createtime + random.int(600, 30 * 86_400)
      follows.push(second)
    }
  }
  return { customers, follows }
}

function buildCustomer(random: SeededRandom, customerNo: string): SimCustomer {
  const petName = random.pick(PET_NAMES)
  const name = random
    .pick(NICKNAME_SHAPES)
    .replaceAll('{pet}', petName)
    .replaceAll('{e}', random.pick(EMOJIS))
  return {
    externalUserId: `wm${random.urlSafe(30)}`,
    name,
    avatar: `${AVATAR_PATH}${random.urlSafe(40)}.svg`,
    type: 1,
    gender: random.pick([0, 1, 2, 2]),
    unionid: random.chance(0.4) ? `o${random.urlSafe(27)}` : undefined,
    customerNo,
    petName,
  }
}

function buildFollow(
  random: SeededRandom,
  tagGroups: SimTagGroup[],
  customer: SimCustomer,
  member: SimMember,
  store: SimDepartment,
): SimFollow {
  const addWay = random.pick(ADD_WAYS)
  return {
    userid: member.userid,
    externalUserId: customer.externalUserId,
    remark: random.chance(0.8)
      ? `${customer.customerNo} ${customer.petName}家长`
      : '',
    description: random.pick(DESCRIPTIONS),
    createtime: SEED_EPOCH - random.int(1, 730 * 86_400),
    tagIds: pickTags(random, tagGroups),
    remarkMobiles: random.chance(0.5)
      ? [
          `1${random.int(30, 99)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
        ]
      : [],
    addWay,
    // A customer who scanned a code started the add; otherwise the member did.
    operUserid: addWay === 1 ? customer.externalUserId : member.userid,
    state: pickChannel(random, store, member),
    deletedByCustomer: false,
  }
}

/** One pet type, one level, and sometimes an interest. */
function pickTags(random: SeededRandom, tagGroups: SimTagGroup[]): string[] {
  const [petType, level, interest] = tagGroups
  const ids: string[] = []
  if (petType) {
    ids.push(random.pick(petType.tags).id)
  }
  if (level) {
    ids.push(random.pick(level.tags).id)
  }
  if (interest && random.chance(0.4)) {
    ids.push(random.pick(interest.tags).id)
  }
  return ids
}

/** The contact-me `state`: which hospital desk or campaign brought them. */
function pickChannel(
  random: SeededRandom,
  store: SimDepartment,
  member: SimMember,
): string | undefined {
  const roll = random.next()
  if (roll < 0.45) {
    return `store_${store.id}_front_desk`
  }
  if (roll < 0.65) {
    return `store_${store.id}_${member.role}`
  }
  if (roll < 0.85) {
    return 'online_consult'
  }
  return undefined
}
