import { diffDays, mondayOf, type LocalDate } from '@petcare/domain'
import { SEED_EPOCH } from './names'
import type { SeededRandom } from './random'
import type {
  SimFollow,
  SimGroupChat,
  SimMember,
  SimPastChange,
  SimState,
} from './state'

/** Full ISO weeks of growth before the current one. */
const RECENT_WEEKS = 12
/** The campaign week, counted back from the current one. */
const BUSY_WEEK = 5
/** Customers who joined within the recent weeks rather than before. */
const RECENT_SHARE = 0.6
/** The demo's featured customers (a cat, a dog) are long-standing ones. */
const FEATURED = 2
/** Relations the customer ended (one-way now), and ones a member ended. */
const ENDED_BY_CUSTOMER = 28
const ENDED_BY_MEMBER = 10
/** Customers one front desk member removes on one afternoon. */
const CLEAR_OUT = 7
const DAY = 86_400
const HOUR = 3_600

/**
 * Puts the seeded corp in the recent past of `today` (a China date): the
 * follows begin over the last ~12 weeks, growing, with a busy campaign
 * week, the rest earlier; customer groups are created after their follow;
 * and some relations ended, by the customer (still listed, one-way) or by
 * a member (gone, kept in `state.history` with their add). One front desk
 * member removes 7 customers on one afternoon. Everything happens before
 * `today` begins, so nothing is after the time the demo starts.
 *
 * Every time is `today`'s midnight minus an offset that depends only on the
 * seed and `today`'s weekday, which is how `findSeedToday` reads `today`
 * back from stored follows.
 */
export function seedHistory(
  random: SeededRandom,
  state: SimState,
  today: LocalDate,
): void {
  const clock = new HistoryClock(random, today)
  const moved = retimeFollows(random, state, clock)
  retimeGroups(state, moved, clock)
  for (const group of state.tagGroups) {
    group.createTime += clock.end - SEED_EPOCH
    for (const tag of group.tags) {
      tag.createTime += clock.end - SEED_EPOCH
    }
  }
  const history = [
    ...endByCustomers(random, state, clock),
    ...clearOut(random, state, clock),
  ]
  history.push(...endByMembers(random, state, clock, history))
  state.history = history.sort((a, b) => a.time - b.time)
}

/** Unix seconds at 00:00 China time (UTC+8, no daylight saving). */
export function chinaMidnight(date: LocalDate): number {
  return Date.parse(`${date}T00:00:00+08:00`) / 1000
}

/** Days before `today`, and the seconds they start at. */
class HistoryClock {
  /** `today` 00:00: every seeded time is before it. */
  readonly end: number
  /** Days of the current week before `today` (0 on a Monday). */
  readonly thisWeek: number
  /** Days in the recent weeks, this week's included. */
  readonly window: number
  private readonly weights: number[] = []
  private total = 0

  constructor(random: SeededRandom, today: LocalDate) {
    this.end = chinaMidnight(today)
    this.thisWeek = diffDays(mondayOf(today), today)
    this.window = this.thisWeek + RECENT_WEEKS * 7
    const weekly = Array.from({ length: RECENT_WEEKS + 1 }, (_, week) => {
      const growth = 1 + (RECENT_WEEKS - week) * 0.15
      const busy = week === BUSY_WEEK ? 2 : 1
      return growth * busy * (random.int(90, 110) / 100)
    })
    for (let days = 1; days <= this.window; days++) {
      const weekend = this.weekday(days) >= 5 ? 1.35 : 1
      this.total += (weekly[this.weekOf(days)] ?? 1) * weekend
      this.weights.push(this.total)
    }
  }

  /** 0 for the current week, 1 for the week before, … */
  weekOf(daysAgo: number): number {
    return daysAgo <= this.thisWeek
      ? 0
      : Math.ceil((daysAgo - this.thisWeek) / 7)
  }

  /** 0 Monday … 6 Sunday. */
  weekday(daysAgo: number): number {
    return (((this.thisWeek - daysAgo) % 7) + 7) % 7
  }

  /** `seconds` into the day `daysAgo` days before `today`. */
  at(daysAgo: number, seconds: number): number {
    return this.end - daysAgo * DAY + seconds
  }

  /**
   * `count` days within the recent weeks, in a random order, spread as the
   * weeks were busy: drawn evenly along the weights, so a week gets close to
   * its share rather than whatever chance gives it.
   */
  recentDays(random: SeededRandom, count: number): number[] {
    const offset = random.next()
    const days = Array.from({ length: count }, (_, i) => {
      const target = ((i + offset) / count) * this.total
      const index = this.weights.findIndex((sum) => sum > target)
      return (index < 0 ? this.weights.length - 1 : index) + 1
    })
    return random.shuffle(days)
  }
}

/** Opening hours, 09:00–21:00. */
function openHours(random: SeededRandom): number {
  return random.int(9 * HOUR, 21 * HOUR - 1)
}

function keyOf(userid: string, externalUserId: string): string {
  return `${userid}\n${externalUserId}`
}

/** Where a follow's start moved: by how much, and to when. */
interface Moved {
  shift: number
  start: number
}

/**
 * New start times for every follow: each customer's first within the recent
 * weeks or before them, a second one (a doctor, the front desk) up to three
 * weeks after it.
 */
function retimeFollows(
  random: SeededRandom,
  state: SimState,
  clock: HistoryClock,
): Map<string, Moved> {
  const byCustomer = new Map<string, SimFollow[]>()
  for (const follow of state.follows) {
    const list = byCustomer.get(follow.externalUserId) ?? []
    list.push(follow)
    byCustomer.set(follow.externalUserId, list)
  }
  const recent = state.customers.map(
    (_, index) => index >= FEATURED && random.chance(RECENT_SHARE),
  )
  const recentDays = clock.recentDays(random, recent.filter(Boolean).length)
  const moved = new Map<string, Moved>()
  const move = (follow: SimFollow, start: number) => {
    const shift = start - follow.createtime
    moved.set(keyOf(follow.userid, follow.externalUserId), { shift, start })
    follow.createtime = start
  }
  state.customers.forEach((customer, index) => {
    const [first, ...others] = byCustomer.get(customer.externalUserId) ?? []
    if (!first) {
      return
    }
    const daysAgo = recent[index]
      ? (recentDays.pop() as number)
      : random.int(clock.window + 1, 1000)
    const start = clock.at(daysAgo, openHours(random))
    move(first, start)
    for (const other of others) {
      const room = clock.end - HOUR - start
      move(other, start + random.int(600, Math.min(21 * DAY, room)))
    }
  })
  return moved
}

/**
 * Moves each customer group with the follow it grew from, and keeps it
 * before `today`; the big member-benefit groups were made months ago.
 */
function retimeGroups(
  state: SimState,
  moved: Map<string, Moved>,
  clock: HistoryClock,
): void {
  // Seeded between 1_700_000_000 and 1_730_000_000, members joining up to
  // 90 days later: moved so that the last of them is 100 days ago.
  const benefitShift = clock.end - 100 * DAY - 1_730_000_000
  for (const group of state.groups) {
    const customer = group.members.find((member) => member.type === 2)
    const follow = customer && moved.get(keyOf(group.owner, customer.userid))
    if (!follow) {
      shiftGroup(group, benefitShift)
      continue
    }
    shiftGroup(group, follow.shift)
    // Made within three days of the follow, unless that reaches today.
    const latest = Math.max(...group.members.map((m) => m.joinTime))
    if (latest >= clock.end - 10 * 60) {
      const made =
        follow.start + Math.floor((clock.end - 20 * 60 - follow.start) / 2)
      shiftGroup(group, made - group.createTime)
    }
  }
}

function shiftGroup(group: SimGroupChat, seconds: number): void {
  group.createTime += seconds
  for (const member of group.members) {
    member.joinTime += seconds
  }
}

/** A day in the last 30 days one time in two, else earlier. */
function recentRemovalDay(random: SeededRandom, clock: HistoryClock): number {
  return random.chance(0.5) ? random.int(1, 30) : random.int(31, clock.window)
}

/**
 * Customers who removed the member they had added (`del_follow_user`):
 * WeCom keeps the relation, one-way, so only the removal is history.
 */
function endByCustomers(
  random: SeededRandom,
  state: SimState,
  clock: HistoryClock,
): SimPastChange[] {
  const featured = new Set(
    state.customers.slice(0, FEATURED).map((c) => c.externalUserId),
  )
  const changes: SimPastChange[] = []
  for (const follow of random.shuffle(state.follows)) {
    if (changes.length >= ENDED_BY_CUSTOMER) {
      break
    }
    if (featured.has(follow.externalUserId)) {
      continue
    }
    const time = clock.at(
      recentRemovalDay(random, clock),
      random.int(7 * HOUR, 24 * HOUR - 1),
    )
    if (time < follow.createtime + DAY) {
      continue
    }
    follow.deletedByCustomer = true
    changes.push({
      changeType: 'del_follow_user',
      userid: follow.userid,
      externalUserId: follow.externalUserId,
      time,
    })
  }
  return changes
}

/** The customers a hospital's butlers follow, and since when. */
function butlerCustomers(
  state: SimState,
  members: Map<string, SimMember>,
  storeId: string,
): SimFollow[] {
  const featured = new Set(
    state.customers.slice(0, FEATURED).map((c) => c.externalUserId),
  )
  return state.follows.filter((follow) => {
    const member = members.get(follow.userid)
    return (
      member?.role === 'butler' &&
      member.mainDepartment === storeId &&
      !follow.deletedByCustomer &&
      !featured.has(follow.externalUserId)
    )
  })
}

/**
 * One front desk member clears out, on one afternoon in the last three
 * weeks, seven customers who had added them at the counter and were handed
 * over to their butler: more than the console's daily alert allows (5).
 */
function clearOut(
  random: SeededRandom,
  state: SimState,
  clock: HistoryClock,
): SimPastChange[] {
  const members = new Map(state.members.map((m) => [m.userid, m]))
  const daysAgo = random.int(4, 18)
  const dayStart = clock.at(daysAgo, 0)
  const desks = random.shuffle(
    state.members.filter((m) => m.role === 'front_desk' && m.customerContact),
  )
  for (const desk of desks) {
    const candidates = butlerCustomers(state, members, desk.mainDepartment)
      .filter((follow) => follow.createtime < dayStart - DAY)
      .filter((follow) => !hasFollow(state, desk.userid, follow.externalUserId))
    if (candidates.length < CLEAR_OUT) {
      continue
    }
    const chosen = random.shuffle(candidates).slice(0, CLEAR_OUT)
    const times = chosen
      .map(() => dayStart + random.int(14 * HOUR, 17 * HOUR + 30 * 60))
      .sort((a, b) => a - b)
    return chosen.flatMap((follow, index) => [
      {
        changeType: 'add_external_contact' as const,
        userid: desk.userid,
        externalUserId: follow.externalUserId,
        time: follow.createtime - random.int(600, 2 * DAY),
        state: `store_${desk.mainDepartment}_front_desk`,
      },
      {
        changeType: 'del_external_contact' as const,
        userid: desk.userid,
        externalUserId: follow.externalUserId,
        time: times[index] as number,
      },
    ])
  }
  return []
}

/**
 * Relations a member ended (`del_external_contact`), here and there: a
 * doctor or the front desk of the customer's hospital, added after the
 * butler and removed days or weeks later. The customer stays with their
 * butler, so WeCom still knows them.
 */
function endByMembers(
  random: SeededRandom,
  state: SimState,
  clock: HistoryClock,
  earlier: SimPastChange[],
): SimPastChange[] {
  const members = new Map(state.members.map((m) => [m.userid, m]))
  const taken = new Set(earlier.map((c) => keyOf(c.userid, c.externalUserId)))
  const stores = state.departments.filter((d) => d.kind === 'store')
  const changes: SimPastChange[] = []
  let count = 0
  for (let tries = 0; tries < 200 && count < ENDED_BY_MEMBER; tries++) {
    const store = random.pick(stores)
    const butlerFollow = random.pick(butlerCustomers(state, members, store.id))
    const member = random.pick(
      state.members.filter(
        (m) =>
          m.mainDepartment === store.id &&
          (m.role === 'doctor' || m.role === 'front_desk'),
      ),
    )
    const key = keyOf(member.userid, butlerFollow.externalUserId)
    const added = butlerFollow.createtime + random.int(HOUR, 10 * DAY)
    const ended = added + random.int(2 * DAY, 60 * DAY)
    if (
      taken.has(key) ||
      hasFollow(state, member.userid, butlerFollow.externalUserId) ||
      ended >= clock.end - HOUR
    ) {
      continue
    }
    taken.add(key)
    count++
    changes.push(
      {
        changeType: 'add_external_contact',
        userid: member.userid,
        externalUserId: butlerFollow.externalUserId,
        time: added,
        state: `store_${store.id}_${member.role}`,
      },
      {
        changeType: 'del_external_contact',
        userid: member.userid,
        externalUserId: butlerFollow.externalUserId,
        time: ended,
      },
    )
  }
  return changes
}

function hasFollow(
  state: SimState,
  userid: string,
  externalUserId: string,
): boolean {
  return state.follows.some(
    (f) => f.userid === userid && f.externalUserId === externalUserId,
  )
}
