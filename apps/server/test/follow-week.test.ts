/**
 * The weekly figures the database keeps beside `follow_change` (the
 * leaderboard's source) against the same figures counted from scratch:
 * after random changes with duplicates, written several at a time; after a
 * migration that finds changes already stored; and at week boundaries in
 * China time.
 */
import { chinaToday, chinaWeekSeconds, isoWeekOf } from '@petcare/domain'
import type { DataSource } from 'typeorm'
import { recordFollowChange } from '../src/modules/customer/follow-change'
import {
  databaseTargets,
  undoMigrationsThrough,
  useMigratedDatabase,
} from './databases'

type Change = Parameters<typeof recordFollowChange>[1]

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Changes of 4 members with 12 customers over 3 weeks, many pairs changing
 * more than once a week, some written twice.
 */
function changes(seed: number, count: number): Change[] {
  const next = random(seed)
  const start = chinaWeekSeconds('2026-W47').start
  const list: Change[] = []
  for (let i = 0; i < count; i++) {
    const kind = next() < 0.6 ? 'added' : 'removed'
    list.push({
      userId: `m${Math.floor(next() * 4)}`,
      externalUserId: `c${Math.floor(next() * 12)}`,
      kind,
      endedBy: kind === 'added' ? null : next() < 0.5 ? 'member' : 'customer',
      // Whole hours, so that some changes share a second and a few land
      // exactly on Monday 00:00 China time.
      at: start + Math.floor(next() * 21 * 24) * 3600,
    })
    if (next() < 0.15) {
      list.push({ ...list.at(-1)! })
    }
  }
  return list
}

/** The ISO week, in China time, of a Unix second. */
function weekAt(seconds: number): string {
  return isoWeekOf(chinaToday(new Date(seconds * 1000)))
}

interface WeekRow {
  week: string
  userId: string
  added: number
  removed: number
  removedByMember: number
  removedByCustomer: number
}

/** The figures as the database keeps them. */
async function kept(dataSource: DataSource): Promise<WeekRow[]> {
  const rows = await dataSource.query<Record<string, string | number>[]>(
    'SELECT * FROM follow_week',
  )
  return sort(
    rows.map((r) => ({
      week: weekAt(Number(r.week_start)),
      userId: String(r.user_id),
      added: Number(r.added),
      removed: Number(r.removed),
      removedByMember: Number(r.removed_by_member),
      removedByCustomer: Number(r.removed_by_customer),
    })),
  )
}

/** The same figures counted in the test from the stored changes. */
async function counted(dataSource: DataSource): Promise<WeekRow[]> {
  const stored = await dataSource.query<Record<string, string | number>[]>(
    'SELECT user_id, external_user_id, kind, ended_by, at FROM follow_change',
  )
  const sets = new Map<string, Map<string, Set<string>>>()
  for (const row of stored) {
    const week = weekAt(Number(row.at))
    const key = `${week}|${row.user_id}`
    const whats = sets.get(key) ?? new Map<string, Set<string>>()
    const add = (what: string) => {
      const set = whats.get(what) ?? new Set<string>()
      set.add(String(row.external_user_id))
      whats.set(what, set)
    }
    add(String(row.kind))
    if (row.kind === 'removed' && row.ended_by) {
      add(`removed:${row.ended_by}`)
    }
    sets.set(key, whats)
  }
  return sort(
    [...sets].map(([key, whats]) => {
      const [week, userId] = key.split('|') as [string, string]
      const n = (what: string) => whats.get(what)?.size ?? 0
      return {
        week,
        userId,
        added: n('added'),
        removed: n('removed'),
        removedByMember: n('removed:member'),
        removedByCustomer: n('removed:customer'),
      }
    }),
  )
}

function sort(rows: WeekRow[]): WeekRow[] {
  return rows.sort(
    (a, b) => a.week.localeCompare(b.week) || a.userId.localeCompare(b.userId),
  )
}

/** Writes the changes `width` at a time (on MySQL, over several connections). */
async function write(dataSource: DataSource, list: Change[], width: number) {
  const queue = [...list]
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        await recordFollowChange(dataSource, c)
      }
    }),
  )
}

describe.each(databaseTargets())('follow_week on $name', (target) => {
  const db = useMigratedDatabase(target)

  it('counts a week by hand: re-adds once, removals by who, Monday 00:00 China time', async () => {
    const w49 = chinaWeekSeconds('2026-W49').start
    const w50 = chinaWeekSeconds('2026-W50').start
    await write(
      db.dataSource,
      [
        {
          userId: 'amy',
          externalUserId: 'c1',
          kind: 'added',
          endedBy: null,
          at: w49 + 10,
        },
        {
          userId: 'amy',
          externalUserId: 'c1',
          kind: 'removed',
          endedBy: 'customer',
          at: w49 + 20,
        },
        {
          userId: 'amy',
          externalUserId: 'c1',
          kind: 'removed',
          endedBy: 'member',
          at: w49 + 25,
        },
        {
          userId: 'amy',
          externalUserId: 'c1',
          kind: 'added',
          endedBy: null,
          at: w49 + 30,
        },
        {
          userId: 'amy',
          externalUserId: 'c1',
          kind: 'added',
          endedBy: null,
          at: w49 + 30,
        },
        {
          userId: 'amy',
          externalUserId: 'c2',
          kind: 'added',
          endedBy: null,
          at: w50 - 1,
        },
        {
          userId: 'amy',
          externalUserId: 'c3',
          kind: 'added',
          endedBy: null,
          at: w50,
        },
      ],
      1,
    )
    expect(await kept(db.dataSource)).toEqual([
      {
        week: '2026-W49',
        userId: 'amy',
        added: 2,
        removed: 1,
        removedByMember: 1,
        removedByCustomer: 1,
      },
      {
        week: '2026-W50',
        userId: 'amy',
        added: 1,
        removed: 0,
        removedByMember: 0,
        removedByCustomer: 0,
      },
    ])
  })

  it.each([1, 2, 3])(
    'equals a count from scratch after random changes written 6 at a time (seed %i)',
    async (seed) => {
      const list = changes(seed, 400)
      await write(db.dataSource, list, 6)
      const expected = await counted(db.dataSource)
      // Every member changed something in each of the 3 weeks.
      expect(expected).toHaveLength(12)
      expect(await kept(db.dataSource)).toEqual(expected)
    },
  )

  it('counts the changes stored before the migration, then keeps counting', async () => {
    const dataSource = db.dataSource
    // Back to the schema before the weekly table.
    await undoMigrationsThrough(dataSource, 'FollowWeek1765584000000')
    const list = changes(7, 300)
    await write(dataSource, list.slice(0, 200), 1)
    await dataSource.runMigrations({ transaction: 'each' })
    expect(await kept(dataSource)).toEqual(await counted(dataSource))
    await write(dataSource, list.slice(200), 4)
    expect(await kept(dataSource)).toEqual(await counted(dataSource))
  })
})
