import {
  addDays,
  chinaToday,
  diffDays,
  isoWeekOf,
  mondayOf,
} from '@petcare/domain'
import { findSeedToday, seedCorp, type WecomSimulator } from '../src'
import {
  manualClock,
  openCallback,
  startCallbackReceiver,
  startSim,
} from './helpers'

const midnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`) / 1000
const dayOf = (seconds: number) => chinaToday(new Date(seconds * 1000))

describe.each(['2026-12-05', '2026-12-07', '2027-03-03'])(
  'seedCorp history before %s',
  (today) => {
    const corp = seedCorp(1, { today })
    const end = midnight(today)

    it('puts every time before today: follows, groups, tags and the history', () => {
      const times = [
        ...corp.follows.map((f) => f.createtime),
        ...corp.groups.flatMap((g) => [
          g.createTime,
          ...g.members.map((m) => m.joinTime),
        ]),
        ...corp.tagGroups.map((t) => t.createTime),
        ...corp.history.map((c) => c.time),
      ]
      expect(Math.max(...times)).toBeLessThan(end)
      expect(Math.min(...times)).toBeGreaterThan(end - 3 * 365 * 86_400)
    })

    it('creates a customer group after the follow it grew from', () => {
      for (const group of corp.groups.filter((g) => g.members.length < 20)) {
        const customer = group.members.find((m) => m.type === 2)!
        const follow = corp.follows.find(
          (f) =>
            f.userid === group.owner && f.externalUserId === customer.userid,
        )!
        expect(group.createTime).toBeGreaterThan(follow.createtime)
      }
    })

    it('grows over the last 12 weeks, with one busy week', () => {
      const thisWeek = isoWeekOf(today)
      const weeks = new Map<string, number>()
      const adds = [
        ...corp.follows.map((f) => f.createtime),
        ...corp.history
          .filter((c) => c.changeType === 'add_external_contact')
          .map((c) => c.time),
      ]
      for (const time of adds) {
        const week = isoWeekOf(dayOf(time))
        weeks.set(week, (weeks.get(week) ?? 0) + 1)
      }
      const last12 = Array.from({ length: 12 }, (_, i) =>
        isoWeekOf(addDays(mondayOf(today), -7 * (12 - i))),
      ).map((week) => weeks.get(week) ?? 0)
      const sum = (list: number[]) => list.reduce((a, b) => a + b, 0)
      expect(last12.every((n) => n > 0)).toBe(true)
      expect(sum(last12.slice(8))).toBeGreaterThan(sum(last12.slice(0, 4)))
      const sorted = [...last12].sort((a, b) => a - b)
      expect(sorted[11]!).toBeGreaterThan(sorted[5]! * 1.5)
      expect(weeks.has(thisWeek)).toBe(today !== mondayOf(today))
    })

    it('ends relations both ways, and one member removes more than 5 customers in a day', () => {
      const lost30 = corp.history.filter(
        (c) =>
          c.changeType !== 'add_external_contact' &&
          c.time >= end - 30 * 86_400,
      )
      expect(
        lost30.filter((c) => c.changeType === 'del_follow_user').length,
      ).toBeGreaterThan(5)
      expect(
        lost30.filter((c) => c.changeType === 'del_external_contact').length,
      ).toBeGreaterThan(5)

      for (const change of corp.history) {
        const follow = corp.follows.find(
          (f) =>
            f.userid === change.userid &&
            f.externalUserId === change.externalUserId,
        )
        if (change.changeType === 'del_follow_user') {
          // One-way: still listed, and it began before the customer left.
          expect(follow?.deletedByCustomer).toBe(true)
          expect(follow!.createtime).toBeLessThan(change.time)
        } else {
          // Gone; its add is in the history, before the removal; the
          // customer still has someone, so WeCom still knows them.
          expect(follow).toBeUndefined()
          expect(
            corp.follows.some(
              (f) => f.externalUserId === change.externalUserId,
            ),
          ).toBe(true)
        }
      }
      for (const removal of corp.history.filter(
        (c) => c.changeType === 'del_external_contact',
      )) {
        const add = corp.history.find(
          (c) =>
            c.changeType === 'add_external_contact' &&
            c.userid === removal.userid &&
            c.externalUserId === removal.externalUserId,
        )
        expect(add!.time).toBeLessThan(removal.time)
      }

      const perDay = new Map<string, Set<string>>()
      for (const c of lost30.filter(
        (c) => c.changeType === 'del_external_contact',
      )) {
        const key = `${c.userid} ${dayOf(c.time)}`
        perDay.set(key, (perDay.get(key) ?? new Set()).add(c.externalUserId))
      }
      expect(
        Math.max(...[...perDay.values()].map((s) => s.size)),
      ).toBeGreaterThan(5)
    })

    it('leaves the featured customers’ relations alone', () => {
      const featured = corp.customers.slice(0, 2).map((c) => c.externalUserId)
      expect(
        corp.history.filter((c) => featured.includes(c.externalUserId)),
      ).toEqual([])
    })
  },
)

describe('seedCorp on different days', () => {
  it('keeps every id and name, and moves only the times', () => {
    const a = seedCorp(1, { today: '2026-12-05' })
    const b = seedCorp(1, { today: '2027-02-10' })
    expect(b.customers).toEqual(a.customers)
    expect(b.members).toEqual(a.members)
    expect(b.groups.map((g) => [g.chatId, g.name])).toEqual(
      a.groups.map((g) => [g.chatId, g.name]),
    )
  })
})

describe('findSeedToday', () => {
  const stored = (today: string) =>
    seedCorp(1, { today }).follows.map((f) => ({
      userid: f.userid,
      externalUserId: f.externalUserId,
      startedAt: f.createtime,
    }))

  it.each(['2026-12-05', '2026-12-07', '2027-01-01', '2027-06-16'])(
    'reads back %s from the follows a product stored',
    (today) => {
      expect(findSeedToday(1, stored(today))).toBe(today)
    },
  )

  it('still finds the day after members re-added some customers, and with customers of its own', () => {
    const follows = stored('2026-12-07')
    for (const follow of follows.slice(0, 40)) {
      follow.startedAt += 86_400 * 3
    }
    follows.push({ userid: 'ZhouChen', externalUserId: 'wmNew', startedAt: 1 })
    expect(findSeedToday(1, follows)).toBe('2026-12-07')
  })

  it('finds no day in follows of another seed or of an older simulator', () => {
    expect(findSeedToday(2, stored('2026-12-07'))).toBeNull()
    const older = stored('2026-12-07').map((f, i) => ({
      ...f,
      startedAt: 1_700_000_000 + i * 7_919,
    }))
    expect(findSeedToday(1, older)).toBeNull()
    expect(findSeedToday(1, [])).toBeNull()
  })
})

describe('replayHistory', () => {
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>
  let sim: WecomSimulator
  const clock = manualClock(Date.parse('2026-12-07T09:00:00+08:00'))

  beforeAll(async () => {
    receiver = await startCallbackReceiver()
    ;({ sim } = await startSim({
      callbackUrl: receiver.url,
      now: clock.now,
    }))
  })
  afterAll(async () => {
    await sim.close()
    await receiver.close()
  })

  it('seeds the history up to the day before the clock’s', () => {
    const latest = Math.max(...sim.state.history.map((c) => c.time))
    expect(latest).toBeLessThan(midnight('2026-12-07'))
    expect(diffDays(dayOf(latest), '2026-12-07')).toBeLessThan(8)
  })

  it('sends each past change as WeCom did, signed, with its own CreateTime, oldest first', async () => {
    const deliveries = await sim.replayHistory()
    expect(deliveries.every((d) => d.outcome === 'delivered')).toBe(true)
    const events = receiver.received.map((c) => openCallback(sim.corp, c))
    expect(
      events.map((e) => [
        'changeType' in e && e.changeType,
        'externalUserId' in e && e.externalUserId,
        e.createTime,
      ]),
    ).toEqual(
      sim.state.history.map((c) => [c.changeType, c.externalUserId, c.time]),
    )
  })
})

describe('avatars', () => {
  it('serves every member’s and customer’s avatar from the simulator itself', async () => {
    const { sim } = await startSim()
    try {
      const people = [...sim.state.members, ...sim.state.customers]
      expect(
        people.every((p) => p.avatar.startsWith(`${sim.url}/avatars/`)),
      ).toBe(true)
      const customer = sim.state.customers[0]!
      const res = await fetch(customer.avatar)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
      expect(await res.text()).toContain(
        `>${/[\p{L}\p{N}]/u.exec(customer.name)![0]}<`,
      )
      expect((await fetch(`${sim.url}/avatars/nobody.svg`)).status).toBe(404)
    } finally {
      await sim.close()
    }
  })
})
