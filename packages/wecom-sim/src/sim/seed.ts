import { chinaToday, type LocalDate } from '@petcare/domain'
import { AVATAR_PATH } from './avatars'
import { CORP_NAME, GIVEN_NAMES, REGIONS, SEED_EPOCH, SURNAMES } from './names'
import { SeededRandom } from './random'
import { seedCustomers } from './seed-customers'
import { seedGroups } from './seed-groups'
import { seedHistory } from './seed-history'
import {
  ROLE_POSITIONS,
  type SimDepartment,
  type SimMember,
  type SimState,
  type SimTagGroup,
  type StaffRole,
} from './state'

/** How many hospitals the seeded corp has, over all regions. */
const STORE_COUNT = 9

/** The roles every hospital has at least one of. */
const STORE_ROLES: StaffRole[] = ['butler', 'front_desk', 'doctor', 'nurse']

const TAG_LIBRARY: readonly [string, string[]][] = [
  ['宠物类型', ['猫', '狗', '异宠']],
  ['客户等级', ['普通会员', '银卡会员', '金卡会员', '钻石会员']],
  ['关注项目', ['疫苗', '驱虫', '绝育', '洗护', '慢病管理']],
  ['来源渠道', ['门店到访', '线上咨询', '老客转介绍']],
]

/** What besides the seed shapes the corp. */
export interface SeedOptions {
  /**
   * The China date the corp's history leads up to: its follows, groups and
   * ended relations fall in the weeks before it, never on it (today).
   */
  today?: LocalDate
}

/**
 * Builds the simulated corp from a seed: the same number (and `today`)
 * always gives the same departments, members, customers, tags, groups and
 * history.
 */
export function seedCorp(seed: number, options: SeedOptions = {}): SimState {
  const random = new SeededRandom(seed)
  const departments = seedDepartments(random)
  const members = seedMembers(random, departments)
  const tagGroups = seedTags(random)
  const { customers, follows } = seedCustomers(random, {
    departments,
    members,
    tagGroups,
  })
  const groups = seedGroups(random, {
    departments,
    members,
    customers,
    follows,
  })
  // Region managers come last, from a random of their own, so adding them
  // left every other seeded member, customer and group as it was.
  const managers = new SeededRandom(seed + 1)
  const taken = new Set(members.map((m) => m.userid))
  for (const region of departments.filter((d) => d.kind === 'region')) {
    members.push(buildMember(managers, taken, 'region_manager', region.id))
  }
  for (const store of departments.filter((d) => d.kind === 'store')) {
    members.push(buildMember(managers, taken, 'store_manager', store.id))
  }
  const state: SimState = {
    corpName: CORP_NAME,
    departments,
    members,
    customers,
    follows,
    tagGroups,
    groups,
    history: [],
  }
  // Times last, from a random of their own, so every id and name above is
  // the same whatever day the corp is seeded on.
  seedHistory(new SeededRandom(seed + 2), state, options.today ?? chinaToday())
  tagPetTypes(new SeededRandom(seed + 3), state)
  return state
}

/**
 * Gives each customer's pet a species (the demo's first two: a cat, then a
 * dog) and makes the members' 宠物类型 tag say the same, so the tags and the
 * hospital record agree.
 */
function tagPetTypes(random: SeededRandom, state: SimState): void {
  const petType = state.tagGroups.find((g) => g.groupName === '宠物类型')
  const tagOf = (name: string) => petType?.tags.find((t) => t.name === name)
  const all = new Set(petType?.tags.map((t) => t.id))
  state.customers.forEach((customer, index) => {
    const species =
      index === 0
        ? 'cat'
        : index === 1
          ? 'dog'
          : random.pick(['cat', 'dog'] as const)
    customer.species = species
    const tag = tagOf(species === 'cat' ? '猫' : '狗')
    for (const follow of state.follows) {
      if (follow.externalUserId === customer.externalUserId && tag) {
        follow.tagIds = [tag.id, ...follow.tagIds.filter((id) => !all.has(id))]
      }
    }
  })
}

function seedDepartments(random: SeededRandom): SimDepartment[] {
  const departments: SimDepartment[] = [
    { id: '1', name: CORP_NAME, parentId: null, order: 1, kind: 'corp' },
    { id: '2', name: '总部', parentId: '1', order: 1, kind: 'head_office' },
  ]
  const regions = REGIONS.slice(0, random.int(3, 4))

  // Every region gets two hospitals, then the rest are handed out at random.
  const counts = regions.map(() => 2)
  for (let left = STORE_COUNT - counts.length * 2; left > 0;) {
    const index = random.int(0, regions.length - 1)
    const limit = Math.min(4, regions[index]?.stores.length ?? 0)
    if ((counts[index] ?? 0) < limit) {
      counts[index] = (counts[index] ?? 0) + 1
      left--
    }
  }

  let nextId = 3
  const regionIds = regions.map((region, index) => {
    const id = String(nextId++)
    departments.push({
      id,
      name: region.name,
      parentId: '1',
      order: index + 2,
      kind: 'region',
    })
    return id
  })
  regions.forEach((region, index) => {
    region.stores.slice(0, counts[index]).forEach((name, order) => {
      departments.push({
        id: String(nextId++),
        name,
        parentId: regionIds[index] ?? '1',
        order: order + 1,
        kind: 'store',
      })
    })
  })
  return departments
}

function seedMembers(
  random: SeededRandom,
  departments: SimDepartment[],
): SimMember[] {
  const taken = new Set<string>()
  const members: SimMember[] = []
  const add = (role: StaffRole, departmentId: string) => {
    members.push(buildMember(random, taken, role, departmentId))
  }

  const stores = departments.filter((d) => d.kind === 'store')
  for (const store of stores) {
    for (const role of STORE_ROLES) {
      add(role, store.id)
    }
  }
  // A few busier hospitals have a second butler or doctor.
  for (let extra = random.int(1, 3); extra > 0; extra--) {
    add(random.pick(['butler', 'doctor'] as const), random.pick(stores).id)
  }
  for (let i = 0; i < 3; i++) {
    add('operations', '2')
  }
  return members
}

function buildMember(
  random: SeededRandom,
  taken: Set<string>,
  role: StaffRole,
  departmentId: string,
): SimMember {
  const [surname, surnamePinyin] = random.pick(SURNAMES)
  const [given, givenPinyin] = random.pick(GIVEN_NAMES)
  let userid = `${surnamePinyin}${givenPinyin}`
  if (random.chance(0.1)) {
    userid += String(random.int(1, 99)).padStart(2, '0')
  }
  for (let suffix = 2; taken.has(userid); suffix++) {
    userid = `${surnamePinyin}${givenPinyin}${suffix}`
  }
  taken.add(userid)

  return {
    userid,
    name: `${surname}${given}`,
    departments: [departmentId],
    mainDepartment: departmentId,
    position: ROLE_POSITIONS[role],
    role,
    gender: random.pick(['1', '2']),
    mobile: `13${random.int(0, 9)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
    email: `${userid.toLowerCase()}@anxin-pet.example.com`,
    // A path on the simulator (see avatars.ts), not WeCom's image host.
    avatar: `${AVATAR_PATH}${random.hex(32)}.svg`,
    status: 1,
    // Managers run the hospital or region; they do not keep customers.
    customerContact: ![
      'operations',
      'region_manager',
      'store_manager',
    ].includes(role),
  }
}

function seedTags(random: SeededRandom): SimTagGroup[] {
  return TAG_LIBRARY.map(([groupName, names], groupIndex) => {
    const createTime = SEED_EPOCH - random.int(400, 800) * 86_400
    return {
      groupId: `et${random.urlSafe(30)}`,
      groupName,
      createTime,
      order: groupIndex + 1,
      tags: names.map((name, tagIndex) => ({
        id: `et${random.urlSafe(30)}`,
        name,
        createTime,
        order: tagIndex + 1,
      })),
    }
  })
}
