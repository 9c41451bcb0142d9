import {
  addIsoWeeks,
  chinaWeekSeconds,
  isoWeekDays,
  type IsoWeek,
} from '@petcare/domain'
import type { Leaderboard, LeaderboardRow } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import { accountNames } from '../auth/account-names'
import { RegionTargetEntity, type RegionTargetRecord } from './console.entity'
import { memberPlaces, type ConsoleScope } from './scope'

type WeekCounts = Pick<
  LeaderboardRow,
  'added' | 'removedByMember' | 'removedByCustomer' | 'net'
> & {
  /** Distinct customers removed, whoever removed them (for the trend). */
  removed: number
}

const TREND_WEEKS = 8

interface Place {
  regionId: string | null
  hospitalId: string | null
}

/** The row of members placed in no hospital (or no region). */
const UNPLACED = ''
const UNPLACED_NAMES = {
  region: '未归属大区的成员',
  hospital: '未归属门店的成员',
} as const

/** Whether a row saw any customer come or go in the week. */
function isActive(row: LeaderboardRow): boolean {
  return row.added + row.removedByMember + row.removedByCustomer > 0
}

/**
 * Rows with customers added or lost first, by net and then added; the
 * quiet ones after them, by name; the unplaced row last.
 */
function byBoardOrder(a: LeaderboardRow, b: LeaderboardRow): number {
  const rank = (row: LeaderboardRow) =>
    row.id === UNPLACED ? 2 : isActive(row) ? 0 : 1
  return (
    rank(a) - rank(b) ||
    (rank(a) === 0 ? b.net - a.net || b.added - a.added : 0) ||
    a.name.localeCompare(b.name, 'zh-CN') ||
    a.id.localeCompare(b.id)
  )
}

function setBy(
  target: RegionTargetRecord,
  names: Map<string, string>,
): LeaderboardRow['targetSetBy'] {
  return target.updatedBy
    ? {
        userId: target.updatedBy,
        name: names.get(target.updatedBy) ?? target.updatedBy,
        at: target.updatedAt.toISOString(),
      }
    : null
}

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
    const names = await accountNames(
      this.dataSource,
      targets.map((t) => t.updatedBy),
    )
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

    // A region's target is the region's as a whole: not a store manager's,
    // whose hospital is one part of it.
    const targetOf = (regionId: string) => {
      const found = scope.hasWholeRegion(regionId)
        ? targets.find((t) => t.regionId === regionId)
        : undefined
      return found ?? null
    }
    const rows = new Map<string, LeaderboardRow>()
    const rowOf = (key: string, name: string, place: Place) => {
      let row = rows.get(key)
      if (!row) {
        const target = input.level === 'region' && key ? targetOf(key) : null
        row = {
          id: key,
          name,
          regionId: input.level === 'region' ? null : place.regionId,
          hospitalId: input.level === 'member' ? place.hospitalId : null,
          added: 0,
          removedByMember: 0,
          removedByCustomer: 0,
          net: 0,
          previousNet: 0,
          target: target?.target ?? null,
          targetSetBy: target && setBy(target, names),
        }
        rows.set(key, row)
      }
      return row
    }

    // Every region, hospital and active member in view, so the ones that
    // brought in no one are listed too.
    if (input.level === 'region') {
      for (const r of scope.regions) {
        if (!input.regionId || r.id === input.regionId) {
          rowOf(r.id, r.name, { regionId: r.id, hospitalId: null })
        }
      }
    } else if (input.level === 'hospital') {
      for (const h of scope.hospitals) {
        if (inFilter({ regionId: h.regionId, hospitalId: h.id })) {
          rowOf(h.id, h.name, { regionId: h.regionId, hospitalId: h.id })
        }
      }
    } else {
      for (const [userId, place] of inScope) {
        if (place.active && place.hospitalId) {
          rowOf(userId, place.name, place)
        }
      }
    }

    for (const [userId, place] of inScope) {
      const now = current.get(userId)
      const before = previous.get(userId)
      if (!now && !before) {
        continue
      }
      const key = this.keyOf(input.level, userId, place)
      const row = rowOf(key, this.nameOf(input.level, key, place.name), place)
      if (now) {
        row.added += now.added
        row.removedByMember += now.removedByMember
        row.removedByCustomer += now.removedByCustomer
        row.net += now.net
      }
      row.previousNet += before?.net ?? 0
    }
    const list = [...rows.values()].sort(byBoardOrder)

    const totals = list.reduce(
      (sum, row) => ({
        added: sum.added + row.added,
        removedByMember: sum.removedByMember + row.removedByMember,
        removedByCustomer: sum.removedByCustomer + row.removedByCustomer,
        net: sum.net + row.net,
        previousNet: sum.previousNet + row.previousNet,
      }),
      {
        added: 0,
        removedByMember: 0,
        removedByCustomer: 0,
        net: 0,
        previousNet: 0,
      },
    )
    // The regions the board covers as a whole, wherever it is narrowed to:
    // none once it is one hospital, or a store manager's part of a region.
    const covered = input.hospitalId
      ? []
      : scope.regions.filter(
          (r) =>
            (!input.regionId || r.id === input.regionId) &&
            scope.hasWholeRegion(r.id),
        )
    const set = covered
      .map((r) => targetOf(r.id)?.target)
      .filter((t): t is number => t !== undefined)
    return {
      week: input.week,
      ...isoWeekDays(input.week),
      level: input.level,
      rows: list,
      totals: {
        ...totals,
        target: set.length > 0 ? set.reduce((a, b) => a + b, 0) : null,
      },
      targetScope: covered.length > 0 ? 'regions' : 'part_of_region',
      trend,
    }
  }

  /** The row a member's figures go to: their region, hospital, or own. */
  private keyOf(
    level: 'region' | 'hospital' | 'member',
    userId: string,
    place: Place,
  ): string {
    if (level === 'region') {
      return place.regionId ?? UNPLACED
    }
    return level === 'hospital' ? (place.hospitalId ?? UNPLACED) : userId
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

  /**
   * A row's name: a member's own; a region or hospital listed from the
   * scope is named there already, so this names only the unplaced row.
   */
  private nameOf(
    level: 'region' | 'hospital' | 'member',
    key: string,
    memberName: string,
  ): string {
    if (level === 'member') {
      return memberName
    }
    return key === UNPLACED
      ? UNPLACED_NAMES[level]
      : // A hospital or region out of the scope's lists: never in practice.
        key
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
    // A leading = + - @ (or a tab or carriage return before one) would run
    // as a formula in a spreadsheet.
    const safe =
      /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
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
