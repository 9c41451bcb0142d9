import type {
  ConsoleLevel,
  ConsoleMe,
  Leaderboard,
  LeaderboardRow,
} from '@petcare/shared'
import { type QueryValue, withQuery } from '@petcare/web/http'
import { currentWeek, isWeek } from '../../shared/week'

/**
 * What the leaderboard shows, as it stands in the page's address
 * (`#/leaderboard?week=2026-W49&level=hospital&regionId=R1`), so a view can
 * be bookmarked, shared and stepped back through with the browser.
 */
export type BoardLevel = Leaderboard['level']

export interface BoardQuery {
  week: string
  level: BoardLevel
  regionId: string | null
  hospitalId: string | null
}

type Me = Pick<ConsoleMe, 'level' | 'regions' | 'hospitals'>

const LEVELS: readonly BoardLevel[] = ['region', 'hospital', 'member']

/** The level tabs a console user is offered. */
export function levelsFor(level: ConsoleLevel): BoardLevel[] {
  // A store sees its own hospital and members; the regions above it are
  // not its business.
  return level === 'store' ? ['hospital', 'member'] : [...LEVELS]
}

/** Where a user starts: the level just below what they are responsible for. */
export function defaultQuery(me: Me, now: Date): BoardQuery {
  const week = currentWeek(now)
  const only = <T extends { id: string }>(list: T[]) =>
    list.length === 1 ? list[0]!.id : null
  if (me.level === 'store') {
    return {
      week,
      level: 'member',
      regionId: null,
      hospitalId: only(me.hospitals),
    }
  }
  if (me.level === 'region') {
    return {
      week,
      level: 'hospital',
      regionId: only(me.regions),
      hospitalId: null,
    }
  }
  return { week, level: 'region', regionId: null, hospitalId: null }
}

const text = (value: unknown): string | null => {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : null
}

/**
 * The query an address asks for, made safe: a malformed week is this week,
 * an unknown level the default, and a region or hospital the user does not
 * see is dropped rather than sent (the server would refuse it anyway).
 */
export function queryFromRoute(
  route: Record<string, unknown>,
  me: Me,
  now: Date,
): BoardQuery {
  const fallback = defaultQuery(me, now)
  const asked = text(route.level)
  const level = levelsFor(me.level).find((l) => l === asked)
  if (!level) return { ...fallback, week: weekOr(route.week, fallback.week) }

  const regionId = text(route.regionId)
  const hospitalId = text(route.hospitalId)
  const region = me.regions.find((r) => r.id === regionId) ?? null
  const hospital = me.hospitals.find((h) => h.id === hospitalId) ?? null
  return {
    week: weekOr(route.week, fallback.week),
    level,
    regionId: level === 'region' ? null : (region?.id ?? null),
    hospitalId: level === 'member' ? (hospital?.id ?? null) : null,
  }
}

function weekOr(value: unknown, fallback: string): string {
  const week = text(value)
  return isWeek(week) ? week : fallback
}

/** The address query of a board query, without empty parts. */
export function routeQuery(q: BoardQuery): Record<string, string> {
  const out: Record<string, string> = { week: q.week, level: q.level }
  if (q.regionId) out.regionId = q.regionId
  if (q.hospitalId) out.hospitalId = q.hospitalId
  return out
}

function apiParams(q: BoardQuery): Record<string, QueryValue> {
  return {
    week: q.week,
    level: q.level,
    regionId: q.regionId,
    hospitalId: q.hospitalId,
  }
}

/** `GET /api/console/leaderboard` for a query. */
export function leaderboardUrl(q: BoardQuery): string {
  return withQuery('/api/console/leaderboard', apiParams(q))
}

/** The same board as a CSV download (the server sends the file). */
export function leaderboardCsvUrl(q: BoardQuery): string {
  return withQuery('/api/console/leaderboard', {
    ...apiParams(q),
    format: 'csv',
  })
}

/** The query a click on a row opens: a region's hospitals, a hospital's members. */
export function drillDown(
  q: BoardQuery,
  row: LeaderboardRow,
): BoardQuery | null {
  // The server gathers members with no hospital (or hospitals with no
  // region) in a row with an empty id: there is nothing below it.
  if (!row.id) return null
  if (q.level === 'region') {
    return {
      week: q.week,
      level: 'hospital',
      regionId: row.id,
      hospitalId: null,
    }
  }
  if (q.level === 'hospital') {
    return {
      week: q.week,
      level: 'member',
      regionId: row.regionId ?? q.regionId,
      hospitalId: row.id,
    }
  }
  return null
}

/** The query of a level tab: keeps the filters that still apply there. */
export function switchLevel(q: BoardQuery, level: BoardLevel): BoardQuery {
  return {
    week: q.week,
    level,
    regionId: level === 'region' ? null : q.regionId,
    hospitalId: level === 'member' ? q.hospitalId : null,
  }
}

export type SortKey =
  | 'name'
  | 'added'
  | 'removedByMember'
  | 'removedByCustomer'
  | 'net'
  | 'change'
  | 'progress'

/** The row of members placed in no hospital (or region): `id` `''`. */
export function isUnplaced(row: LeaderboardRow): boolean {
  return row.id === ''
}

/** A row that saw no customer come or go this week. */
export function isQuietRow(row: LeaderboardRow): boolean {
  return row.added + row.removedByMember + row.removedByCustomer === 0
}

/**
 * Rows sorted by a column; ties keep the server's order (by net). The
 * unplaced row stays last, and the quiet rows after the others (except
 * when sorting by name), as the server puts them.
 */
export function sortRows(
  rows: readonly LeaderboardRow[],
  key: SortKey,
  direction: 'asc' | 'desc',
): LeaderboardRow[] {
  const value = (row: LeaderboardRow): number | string => {
    switch (key) {
      case 'name':
        return row.name
      case 'change':
        return row.net - row.previousNet
      case 'progress':
        // Rows without a target go last either way.
        return row.target && row.target > 0
          ? row.net / row.target
          : direction === 'desc'
            ? -Infinity
            : Infinity
      default:
        return row[key]
    }
  }
  const band = (row: LeaderboardRow) =>
    isUnplaced(row) ? 2 : key !== 'name' && isQuietRow(row) ? 1 : 0
  const sign = direction === 'asc' ? 1 : -1
  return rows
    .map((row, index) => ({ row, index, v: value(row), band: band(row) }))
    .sort((a, b) => {
      if (a.band !== b.band) return a.band - b.band
      const byValue =
        typeof a.v === 'string' && typeof b.v === 'string'
          ? a.v.localeCompare(b.v, 'zh-CN')
          : (a.v as number) - (b.v as number)
      return byValue === 0 ? a.index - b.index : sign * byValue
    })
    .map((entry) => entry.row)
}

/**
 * Each row's place by net, for the rows that saw customers come or go;
 * the quiet and unplaced rows have none.
 */
export function ranks(rows: readonly LeaderboardRow[]): Map<string, number> {
  const ranked = sortRows(rows, 'net', 'desc').filter(
    (row) => !isUnplaced(row) && !isQuietRow(row),
  )
  return new Map(ranked.map((row, i) => [row.id, i + 1]))
}

/** Whether a week saw no customer come or go at all. */
export function isQuietWeek(
  board: Pick<Leaderboard, 'rows' | 'totals'>,
): boolean {
  const t = board.totals
  return (
    board.rows.length === 0 ||
    (t.added === 0 && t.removedByMember === 0 && t.removedByCustomer === 0)
  )
}
