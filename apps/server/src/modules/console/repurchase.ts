import type { RepurchaseCohort, RepurchaseReport } from '@petcare/shared'
import { chinaToday } from '@petcare/domain'
import type { DataSource } from 'typeorm'
import { dialectOf, sqlTime } from '../../db/data-source'
import { countCohortsSql } from './repurchase.sql'
import type { ConsoleScope } from './scope'

/** `YYYY-MM`. */
export type Month = string

/** The first instant of a month in China time. */
export function monthStart(month: Month): Date {
  return new Date(`${month}-01T00:00:00+08:00`)
}

export function nextMonth(month: Month): Month {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return m === 12
    ? `${year + 1}-01`
    : `${year}-${String(m + 1).padStart(2, '0')}`
}

/** The month, in China time, of an instant. */
export function monthOf(date: Date): Month {
  return chinaToday(date).slice(0, 7)
}

/**
 * The cohorts a visit at `at` can change: the month it falls in (it may be
 * a customer's first visit of that month) and every month whose 90 days
 * after a first visit it falls in.
 */
export function cohortsTouchedBy(at: Date): Month[] {
  const months: Month[] = []
  const last = monthOf(at)
  for (
    let m = monthOf(new Date(at.getTime() - 90 * 86_400_000));
    m <= last;
    m = nextMonth(m)
  ) {
    months.push(m)
  }
  return months
}

/** A row of `repurchase_month`. */
interface CohortRow {
  month: string
  /** '' for customers with no hospital. */
  hospital_id: string
  customers: string | number
  returned: string | number
}

/**
 * Recounts the cohorts of these months into `repurchase_month`, the table
 * the report reads. The record import calls it for the months its visits
 * (and customers who changed hospital) touch; months next to each other
 * are counted in one statement.
 */
export async function refreshRepurchase(
  dataSource: DataSource,
  months: Iterable<Month>,
): Promise<void> {
  const sorted = [...new Set(months)].sort()
  const runs: [Month, Month][] = []
  for (const m of sorted) {
    const run = runs.at(-1)
    if (run && nextMonth(run[1]) === m) {
      run[1] = m
    } else {
      runs.push([m, m])
    }
  }
  const mysql = dialectOf(dataSource) === 'mysql'
  for (const [from, to] of runs) {
    await dataSource.transaction(async (manager) => {
      await manager.query(
        'DELETE FROM repurchase_month WHERE month >= ? AND month <= ?',
        [from, to],
      )
      await manager.query(countCohortsSql(mysql), [
        sqlTime(dataSource, monthStart(from)),
        sqlTime(dataSource, monthStart(nextMonth(to))),
      ])
    })
  }
}

/**
 * Repurchase (复购): of the customers with a visit in a month (China
 * time), the share who came back for a paid visit on a later day within
 * 90 days of their first visit that month. Grouped by the customer's own
 * hospital; a cohort whose 90 days have not all passed is marked
 * incomplete. Read from `repurchase_month`, which the import keeps.
 */
export class RepurchaseQuery {
  constructor(private readonly dataSource: DataSource) {}

  async run(
    scope: ConsoleScope,
    input: { from: Month; to: Month; by: 'total' | 'region' | 'hospital' },
    now = new Date(),
  ): Promise<RepurchaseReport> {
    // Head office reads every hospital's rows ('' too: customers with no
    // hospital); the others only their own.
    const only =
      scope.level === 'head_office' ? [] : scope.hospitals.map((h) => h.id)
    const rows =
      scope.level !== 'head_office' && only.length === 0
        ? []
        : await this.dataSource.query<CohortRow[]>(
            `SELECT month, hospital_id, customers, returned
               FROM repurchase_month
              WHERE month >= ? AND month <= ?${
                only.length > 0
                  ? ` AND hospital_id IN (${only.map(() => '?').join(', ')})`
                  : ''
              }`,
            [input.from, input.to, ...only],
          )

    const groups = new Map<
      string,
      { id: string; name: string; cells: Map<Month, [number, number]> }
    >()
    for (const row of rows) {
      const hospitalId = row.hospital_id || null
      if (!scope.hasHospital(hospitalId)) {
        continue
      }
      const hospital = scope.hospitals.find((h) => h.id === hospitalId)
      const [id, name] =
        input.by === 'total'
          ? ['total', totalName(scope)]
          : input.by === 'region'
            ? [
                hospital?.regionId ?? '',
                regionName(scope, hospital?.regionId ?? null),
              ]
            : [hospitalId ?? '', hospital?.name ?? '未分配']
      const group = groups.get(id) ?? { id, name, cells: new Map() }
      const cell = group.cells.get(row.month) ?? [0, 0]
      cell[0] += Number(row.customers)
      cell[1] += Number(row.returned)
      group.cells.set(row.month, cell)
      groups.set(id, group)
    }

    const months: Month[] = []
    for (let m = input.from; m <= input.to; m = nextMonth(m)) {
      months.push(m)
    }
    return {
      from: input.from,
      to: input.to,
      by: input.by,
      groups: [...groups.values()]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((group) => ({
          id: group.id,
          name: group.name,
          cohorts: months.map((m): RepurchaseCohort => {
            const [customers, returned] = group.cells.get(m) ?? [0, 0]
            const complete =
              monthStart(nextMonth(m)).getTime() + 90 * 86_400_000 <=
              now.getTime()
            return {
              month: m,
              customers,
              returned,
              rate: customers === 0 ? null : returned / customers,
              complete,
            }
          }),
        })),
    }
  }
}

/**
 * What the total row is of: every hospital for head office, the region(s)
 * of a region admin, the hospital of a store manager.
 */
function totalName(scope: ConsoleScope): string {
  if (scope.level === 'head_office') {
    return '全部门店'
  }
  const whole = scope.regions.filter((r) => scope.hasWholeRegion(r.id))
  return whole.length === scope.regions.length && whole.length > 0
    ? whole.map((r) => r.name).join('、')
    : scope.hospitals.map((h) => h.name).join('、')
}

/**
 * A region's row, named for what it holds: the region, or only the
 * user's hospitals in it when the user does not see it whole (a store
 * manager's store is one part of its region, not the region).
 */
function regionName(scope: ConsoleScope, regionId: string | null): string {
  const region = scope.regions.find((r) => r.id === regionId)
  if (!region) {
    return '未分配'
  }
  if (scope.hasWholeRegion(region.id)) {
    return region.name
  }
  const mine = scope.hospitals.filter((h) => h.regionId === region.id)
  return `${region.name}（仅${mine.map((h) => h.name).join('、')}）`
}
