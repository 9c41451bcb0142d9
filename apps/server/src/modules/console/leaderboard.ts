import {
  addIsoWeeks,
  chinaWeekSeconds,
  isoWeekDays,
  type IsoWeek,
} from '@petcare/domain'
import type { Leaderboard, LeaderboardRow } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import { dialectOf } from '../../db/data-source'
import { RegionTargetEntity } from './console.entity'
import { memberPlaces, type ConsoleScope } from './scope'

type Counts = Pick<
  LeaderboardRow,
  'added' | 'removedByMember' | 'removedByCustomer' | 'net'
>

const TREND_WEEKS = 8

/**
 * The new-follower leaderboard (涨粉榜) of an ISO week in China time, from
 * the follow changes. A member's figures count distinct customers: one who
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

    const [current, previous, trend, targets] = await Promise.all([
      this.memberCounts(input.week),
      this.memberCounts(addIsoWeeks(input.week, -1)),
      this.trend(input.week, members, inFilter),
      this.dataSource
        .getRepository(RegionTargetEntity)
        .findBy({ week: input.week }),
    ])

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

  /** Per member: distinct customers added and removed in a week. */
  private async memberCounts(week: IsoWeek): Promise<Map<string, Counts>> {
    const { start, end } = chinaWeekSeconds(week)
    const rows = await this.dataSource.query<
      {
        user_id: string
        kind: string
        ended_by: string | null
        n: string | number
      }[]
    >(
      `SELECT user_id, kind, ended_by, COUNT(DISTINCT external_user_id) AS n
         FROM follow_change WHERE at >= ? AND at < ?
        GROUP BY user_id, kind, ended_by`,
      [start, end],
    )
    const counts = new Map<string, Counts>()
    for (const row of rows) {
      const c = counts.get(row.user_id) ?? {
        added: 0,
        removedByMember: 0,
        removedByCustomer: 0,
        net: 0,
      }
      const n = Number(row.n)
      if (row.kind === 'added') {
        c.added += n
      } else if (row.ended_by === 'member') {
        c.removedByMember += n
      } else {
        c.removedByCustomer += n
      }
      c.net = c.added - c.removedByMember - c.removedByCustomer
      counts.set(row.user_id, c)
    }
    return counts
  }

  /** The last 8 weeks' added and net, oldest first, for the chart. */
  private async trend(
    week: IsoWeek,
    members: Map<
      string,
      { regionId: string | null; hospitalId: string | null }
    >,
    inFilter: (place: {
      regionId: string | null
      hospitalId: string | null
    }) => boolean,
  ): Promise<Leaderboard['trend']> {
    const first = addIsoWeeks(week, -(TREND_WEEKS - 1))
    const { start } = chinaWeekSeconds(first)
    const { end } = chinaWeekSeconds(week)
    const bucket =
      dialectOf(this.dataSource) === 'mysql'
        ? '(at - ?) DIV 604800'
        : 'CAST((at - ?) / 604800 AS INTEGER)'
    const users = [...members].filter(([, p]) => inFilter(p)).map(([id]) => id)
    const rows =
      users.length === 0
        ? []
        : await this.dataSource.query<
            { bucket: string | number; kind: string; n: string | number }[]
          >(
            `SELECT b AS bucket, kind, COUNT(*) AS n FROM (
               SELECT DISTINCT user_id, external_user_id, kind, ${bucket} AS b
                 FROM follow_change
                WHERE at >= ? AND at < ?
                  AND user_id IN (${users.map(() => '?').join(', ')})
             ) d GROUP BY b, kind`,
            [start, start, end, ...users],
          )
    return Array.from({ length: TREND_WEEKS }, (_, i) => {
      const of = (kind: string) =>
        rows
          .filter((r) => Number(r.bucket) === i && r.kind === kind)
          .reduce((sum, r) => sum + Number(r.n), 0)
      return {
        week: addIsoWeeks(first, i),
        added: of('added'),
        net: of('added') - of('removed'),
      }
    })
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
