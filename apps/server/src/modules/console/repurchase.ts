import type { RepurchaseCohort, RepurchaseReport } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import { dialectOf, sqlTime } from '../../db/data-source'
import type { ConsoleScope } from './scope'

/** `YYYY-MM`. */
export type Month = string

/** The first instant of a month in China time. */
function monthStart(month: Month): Date {
  return new Date(`${month}-01T00:00:00+08:00`)
}

export function nextMonth(month: Month): Month {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return m === 12
    ? `${year + 1}-01`
    : `${year}-${String(m + 1).padStart(2, '0')}`
}

/**
 * Repurchase (复购): of the customers with a visit in a month (China
 * time), the share who came back for a paid visit on a later day within
 * 90 days of their first visit that month. Grouped by the customer's own
 * hospital; a cohort whose 90 days have not all passed is marked
 * incomplete.
 */
export class RepurchaseQuery {
  constructor(private readonly dataSource: DataSource) {}

  async run(
    scope: ConsoleScope,
    input: { from: Month; to: Month; by: 'total' | 'region' | 'hospital' },
    now = new Date(),
  ): Promise<RepurchaseReport> {
    const mysql = dialectOf(this.dataSource) === 'mysql'
    const start = monthStart(input.from)
    const end = monthStart(nextMonth(input.to))
    const month = mysql
      ? "DATE_FORMAT(visited_at + INTERVAL 8 HOUR, '%Y-%m')"
      : "strftime('%Y-%m', visited_at, '+8 hours')"
    const plus = (days: number) =>
      mysql
        ? `f.first_at + INTERVAL ${days} DAY`
        : `datetime(f.first_at, '+${days} days')`
    const param = (date: Date) => sqlTime(this.dataSource, date)
    const rows = await this.dataSource.query<
      {
        month: string
        hospital_id: string | null
        customers: string | number
        returned: string | number
      }[]
    >(
      `SELECT f.month, c.hospital_id, COUNT(*) AS customers,
              SUM(CASE WHEN EXISTS (
                SELECT 1 FROM visit v
                 WHERE v.customer_id = f.customer_id AND v.paid = 1
                   AND v.visited_at >= ${plus(1)}
                   AND v.visited_at <= ${plus(90)}) THEN 1 ELSE 0 END) AS returned
         FROM (SELECT customer_id, ${month} AS month, MIN(visited_at) AS first_at
                 FROM visit WHERE visited_at >= ? AND visited_at < ?
                GROUP BY customer_id, ${month}) f
         JOIN hospital_customer c ON c.id = f.customer_id
        GROUP BY f.month, c.hospital_id`,
      [param(start), param(end)],
    )

    const groups = new Map<
      string,
      { id: string; name: string; cells: Map<Month, [number, number]> }
    >()
    for (const row of rows) {
      if (!scope.hasHospital(row.hospital_id)) {
        continue
      }
      const hospital = scope.hospitals.find((h) => h.id === row.hospital_id)
      const [id, name] =
        input.by === 'total'
          ? ['total', '全部']
          : input.by === 'region'
            ? [
                hospital?.regionId ?? '',
                scope.regions.find((r) => r.id === hospital?.regionId)?.name ??
                  '未分配',
              ]
            : [row.hospital_id ?? '', hospital?.name ?? '未分配']
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
