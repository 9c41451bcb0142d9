import {
  addIsoWeeks,
  chinaWeekSeconds,
  isoWeekDays,
  type IsoWeek,
} from '@petcare/domain'
import type { Leaderboard, LeaderboardRow } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import { RegionTargetEntity } from './console.entity'
import { memberPlaces, type ConsoleScope } from './scope'

type WeekCounts = Pick<
  LeaderboardRow,
  'added' | 'removedByMember' | 'removedByCustomer' | 'net'
> & {
  /** Distinct customers removed, whoever removed them (for the trend). */
  removed: number
}

const TREND_WEEKS = 8

/**
 * The new-follower leaderboard (涨粉榜) of an ISO week in China time, from
 * the weekly per-member figures the database keeps beside the follow
 * changes (a few hundred rows a week, whatever the chain's size). A member's figures count distinct customers: one who
 * is added, removed and added again in the week counts once as added (and
 * once as removed). A hospital's and a region's figures are their members'
 * summed: each relation a member gained is a new follower.
 */
export class LeaderboardQuery {
  constructor(private readonly dataSource: DataSource) {}

  async run(
    scope: ConsoleScope,
    input: {
      week: IsoWeek
      level: 'region' | 'hospital' | 'member'
      regionId?: string
      hospitalId?: string
    },
  ): Promise<Leaderboard> {
    const members = await this.memberPlaces(scope)
    const inFilter = (place: {
      regionId: string | null
      hospitalId: string | null
    }) =>
      (!input.regionId || place.regionId === input.regionId) &&
      (!input.hospitalId || place.hospitalId === input.hospitalId)

    const [weeks, targets] = await Promise.all([
      this.memberWeeks(input.week),
      this.dataSource
        .getRepository(RegionTargetEntity)
        .findBy({ week: input.week }),
    ])
    const current = weeks.get(input.week) ?? new Map<string, WeekCounts>()
    const previous =
      weeks.get(addIsoWeeks(input.week, -1)) ?? new Map<string, WeekCounts>()
    const inScope = [...members].filter(([, place]) => inFilter(place))
    const trend = Array.from({ length: TREND_WEEKS }, (_, i) => {
      const week = addIsoWeeks(input.week, i - (TREND_WEEKS - 1))
      const counts = weeks.get(week)
      let added = 0
      let removed = 0
      for (const [userId] of inScope) {
        const c = counts?.get(userId)
        added += c?.added ?? 0
        removed += c?.removed ?? 0
      }
      return { week, added, net: added - removed }
    })

    const rows = new Map<string, LeaderboardRow>()
    const keyOf = (userId: string) => {
      const place = members.get(userId)!
      if (input.level === 'region') {
        return place.regionId ?? ''
      }
      return input.level === 'hospital' ? (place.hospitalId ?? '') : userId
    }
    const rowFor = (userId: string): LeaderboardRow => {
      const key = keyOf(userId)
      let row = rows.get(key)
      if (!row) {
        const place = members.get(userId)!
        row = {
          id: key,
          name: this.nameOf(scope, input.level, key, place.name),
          regionId: input.level === 'region' ? null : place.regionId,
          hospitalId: input.level === 'member' ? place.hospitalId : null,
          added: 0,
          removedByMember: 0,
          removedByCustomer: 0,
          net: 0,
          previousNet: 0,
          target:
            input.level === 'region'
              ? (targets.find((t) => t.regionId === key)?.target ?? null)
              : null,
        }
        rows.set(key, row)
      }
      return row
    }

    for (const [userId, place] of members) {
      if (!inFilter(place)) {
        continue
      }
      const row = rowFor(userId)
      const now = current.get(userId)
      const before = previous.get(userId)
      if (now) {
        row.added += now.added
        row.removedByMember += now.removedByMember
        row.removedByCustomer += now.removedByCustomer
        row.net += now.net
      }
      row.previousNet += before?.net ?? 0
    }
    const list = [...rows.values()]
      .filter(
        (row) =>
          input.level !== 'member' ||
          row.added + row.removedByMember + row.removedByCustomer > 0 ||
          row.previousNet !== 0,
      )
      .sort(
        (a, b) =>
          b.net - a.net || b.added - a.added || a.id.localeCompare(b.id),
      )
    const totals = list.reduce(
      (sum, row) => ({
        added: sum.added + row.added,
        removedByMember: sum.removedByMember + row.removedByMember,
        removedByCustomer: sum.removedByCustomer + row.removedByCustomer,
        net: sum.net + row.net,
        previousNet: sum.previousNet + row.previousNet,
        target:
          row.target === null ? sum.target : (sum.target ?? 0) + row.target,
      }),
      {
        added: 0,
        removedByMember: 0,
        removedByCustomer: 0,
        net: 0,
        previousNet: 0,
        target: null as number | null,
      },
    )
    return {
      week: input.week,
      ...isoWeekDays(input.week),
      level: input.level,
      rows: list,
      totals,
      trend,
    }
  }

  /** Every member with their hospital and region, in scope only. */
  private async memberPlaces(scope: ConsoleScope) {
    const places = await memberPlaces(this.dataSource, scope)
    if (scope.level !== 'head_office') {
      for (const [userId, place] of places) {
        if (!place.hospitalId) {
          places.delete(userId)
        }
      }
    }
    return places
  }

  /**
   * Per week of the trend (the requested one and the 7 before) and member:
   * distinct customers added and removed, from the weekly table the
   * database keeps (migration FollowWeek1765584000000).
   */
  private async memberWeeks(
    week: IsoWeek,
  ): Promise<Map<IsoWeek, Map<string, WeekCounts>>> {
    const weeks = Array.from({ length: TREND_WEEKS }, (_, i) =>
      addIsoWeeks(week, i - (TREND_WEEKS - 1)),
    )
    const byStart = new Map(
      weeks.map((w) => [chinaWeekSeconds(w).start, w] as const),
    )
    const rows = await this.dataSource.query<
      {
        week_start: string | number
        user_id: string
        added: string | number
        removed: string | number
        removed_by_member: string | number
        removed_by_customer: string | number
      }[]
    >(
      `SELECT week_start, user_id, added, removed, removed_by_member,
              removed_by_customer
         FROM follow_week WHERE week_start >= ? AND week_start <= ?`,
      [chinaWeekSeconds(weeks[0]!).start, chinaWeekSeconds(week).start],
    )
    const result = new Map<IsoWeek, Map<string, WeekCounts>>()
    for (const row of rows) {
      const of = byStart.get(Number(row.week_start))
      if (!of) {
        continue
      }
      const added = Number(row.added)
      const removedByMember = Number(row.removed_by_member)
      const removedByCustomer = Number(row.removed_by_customer)
      const counts = result.get(of) ?? new Map<string, WeekCounts>()
      counts.set(row.user_id, {
        added,
        removedByMember,
        removedByCustomer,
        net: added - removedByMember - removedByCustomer,
        removed: Number(row.removed),
      })
      result.set(of, counts)
    }
    return result
  }

  private nameOf(
    scope: ConsoleScope,
    level: 'region' | 'hospital' | 'member',
    key: string,
    memberName: string,
  ): string {
    if (level === 'member') {
      return memberName
    }
    const found =
      level === 'region'
        ? scope.regions.find((r) => r.id === key)
        : scope.hospitals.find((h) => h.id === key)
    return found?.name ?? '未分配'
  }
}

/** The leaderboard as CSV, with a BOM so Excel reads the Chinese. */
export function leaderboardCsv(board: Leaderboard): string {
  const header = [
    '名称',
    '新增',
    '成员删除',
    '客户删除',
    '净增',
    '上周净增',
    '目标',
  ]
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value)
    // A leading = + - @ would run as a formula in a spreadsheet.
    const safe =
      /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  const lines = [
    header,
    ...board.rows.map((r) => [
      r.name,
      r.added,
      r.removedByMember,
      r.removedByCustomer,
      r.net,
      r.previousNet,
      r.target,
    ]),
  ].map((line) => line.map(cell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
