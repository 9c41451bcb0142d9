/**
 * The repurchase report against cohorts worked out by hand, kept by the
 * record import: month edges in China time, the 1-to-90-day window, late
 * visits that change an old cohort, a customer moving hospital, re-imports,
 * scopes, and the migration's first count equal to the import's.
 */
import type { RepurchaseReport } from '@petcare/shared'
import type { DataSource } from 'typeorm'
import type { Principal } from '../src/modules/auth/principal'
import { HEAD_OFFICE as HEAD, regionAdmin } from './console-principals'
import { RepurchaseQuery } from '../src/modules/console/repurchase'
import { consoleScope } from '../src/modules/console/scope'
import { RecordImporter } from '../src/modules/record/import/record-importer'
import {
  databaseTargets,
  undoMigrationsThrough,
  useMigratedDatabase,
} from './databases'

const REGION_1 = regionAdmin(['H1', 'H2'])

const ORGANISATION = [
  { type: 'region', id: 'R1', name: '华东大区' },
  { type: 'region', id: 'R2', name: '华南大区' },
  { type: 'hospital', id: 'H1', name: '徐汇店', regionId: 'R1' },
  { type: 'hospital', id: 'H2', name: '静安店', regionId: 'R1' },
  { type: 'hospital', id: 'H3', name: '天河店', regionId: 'R2' },
  ...(
    [
      ['A', 'H1'],
      ['B', 'H1'],
      ['C', 'H2'],
      ['D', 'H3'],
    ] as const
  ).flatMap(([id, hospitalId]) => [
    { type: 'customer', id, name: `客户${id}`, hospitalId },
    {
      type: 'pet',
      id: `P${id}`,
      customerId: id,
      name: `宠物${id}`,
      species: 'cat',
    },
  ]),
]

let visitNumber = 0
function visit(customer: string, hospitalId: string, at: string, paid = true) {
  visitNumber++
  return {
    type: 'visit',
    id: `V${customer}-${at}`,
    petId: `P${customer}`,
    customerId: customer,
    hospitalId,
    visitedAt: at,
    amount: 100 + visitNumber,
    paid,
  }
}

const FIRST_VISITS = [
  // A: back 15 days later, paid → returned (March).
  visit('A', 'H1', '2026-03-05T10:00:00+08:00'),
  visit('A', 'H1', '2026-03-20T10:00:00+08:00'),
  // B: 23:30 on 31 March China time (15:30 UTC) is March; back 89 days
  // later → returned (March).
  visit('B', 'H1', '2026-03-31T23:30:00+08:00'),
  visit('B', 'H1', '2026-06-28T10:00:00+08:00'),
  // C: back the same day only → not returned (March).
  visit('C', 'H2', '2026-03-10T09:00:00+08:00'),
  visit('C', 'H2', '2026-03-10T11:00:00+08:00'),
  // D: 00:10 on 1 April China time is 31 March in UTC → April; 91 days
  // later is too late.
  visit('D', 'H3', '2026-04-01T00:10:00+08:00'),
  visit('D', 'H3', '2026-07-01T00:20:00+08:00'),
]

async function importRows(dataSource: DataSource, rows: object[]) {
  const importer = new RecordImporter(dataSource)
  let line = 0
  for (const row of rows) {
    await importer.add(JSON.stringify(row), ++line)
  }
  const report = await importer.finish()
  expect(report.failed).toEqual([])
  return report
}

/** Month → [customers, returned] per group id, months without customers left out. */
function cells(report: RepurchaseReport) {
  return Object.fromEntries(
    report.groups.map((g) => [
      g.id,
      Object.fromEntries(
        g.cohorts
          .filter((c) => c.customers > 0)
          .map((c) => [c.month, [c.customers, c.returned]]),
      ),
    ]),
  )
}

describe.each(databaseTargets())('repurchase on $name', (target) => {
  const db = useMigratedDatabase(target)

  async function report(
    who: Principal,
    by: 'total' | 'region' | 'hospital',
  ): Promise<RepurchaseReport> {
    const scope = await consoleScope(db.dataSource, who)
    return new RepurchaseQuery(db.dataSource).run(
      scope,
      { from: '2026-02', to: '2026-07', by },
      new Date('2026-12-04T00:00:00Z'),
    )
  }

  it('counts cohorts by hand, follows later imports, and keeps scopes', async () => {
    await importRows(db.dataSource, [...ORGANISATION, ...FIRST_VISITS])
    expect(cells(await report(HEAD, 'hospital'))).toEqual({
      H1: {
        '2026-03': [2, 2],
        // B's June visit is a first visit of June, and D's July one of July.
        '2026-06': [1, 0],
      },
      H2: { '2026-03': [1, 0] },
      H3: { '2026-04': [1, 0], '2026-07': [1, 0] },
    })
    expect(cells(await report(HEAD, 'total'))).toEqual({
      total: {
        '2026-03': [3, 2],
        '2026-04': [1, 0],
        '2026-06': [1, 0],
        '2026-07': [1, 0],
      },
    })

    // A later import: C paid 89 days after 10 March, which changes March.
    await importRows(db.dataSource, [
      visit('C', 'H2', '2026-06-07T09:00:00+08:00'),
    ])
    expect(cells(await report(HEAD, 'hospital')).H2).toEqual({
      '2026-03': [1, 1],
      '2026-06': [1, 0],
    })

    // C now belongs to H1: H2's cohorts move with them.
    await importRows(db.dataSource, [
      { type: 'customer', id: 'C', name: '客户C', hospitalId: 'H1' },
    ])
    const byHospital = cells(await report(HEAD, 'hospital'))
    expect(byHospital.H1).toEqual({ '2026-03': [3, 3], '2026-06': [2, 0] })
    expect(byHospital.H2).toBeUndefined()

    // The same export again changes nothing.
    const before = await report(HEAD, 'hospital')
    const again = await importRows(db.dataSource, [
      ...ORGANISATION.map((row) =>
        'id' in row && row.id === 'C' ? { ...row, hospitalId: 'H1' } : row,
      ),
      ...FIRST_VISITS,
    ])
    expect(again.inserted + again.updated).toBe(0)
    expect(await report(HEAD, 'hospital')).toEqual(before)

    // A region admin sees their region's hospitals only.
    const regional = await report(REGION_1, 'region')
    expect(regional.groups.map((g) => g.id)).toEqual(['R1'])
    expect(cells(regional).R1).toEqual({
      '2026-03': [3, 3],
      '2026-06': [2, 0],
    })
    expect(
      (await report(REGION_1, 'hospital')).groups.map((g) => g.id),
    ).toEqual(['H1'])
  })

  // A store manager's 按大区 read 华东大区 over their store's figures alone.
  it('names each row for what it counts: all, a region, or a store’s part of one', async () => {
    await importRows(db.dataSource, [...ORGANISATION, ...FIRST_VISITS])
    const store = { ...regionAdmin(['H1']), scope: 'store' as const }
    const names = async (who: Principal, by: 'total' | 'region') =>
      (await report(who, by)).groups.map((g) => g.name)
    expect(await names(HEAD, 'total')).toEqual(['全部门店'])
    expect(await names(HEAD, 'region')).toEqual(['华东大区', '华南大区'])
    expect(await names(REGION_1, 'total')).toEqual(['华东大区'])
    expect(await names(REGION_1, 'region')).toEqual(['华东大区'])
    expect(await names(store, 'total')).toEqual(['徐汇店'])
    expect(await names(store, 'region')).toEqual(['华东大区（仅徐汇店）'])
  })

  // Found by trying to break it: a visit in year 9999 made the recount
  // fail after the rows were stored (a 500, stale cohorts), one in year 1
  // was filed under a month no report reads, and a customer whose row came
  // after their visits was never counted.
  it('refuses visits outside the supported years, and counts a customer who arrives after their visits', async () => {
    await importRows(db.dataSource, [...ORGANISATION, ...FIRST_VISITS])
    const importer = new RecordImporter(db.dataSource)
    const odd = ['9999-12-31T23:59:59+08:00', '0001-01-01T10:00:00+08:00']
    for (const [i, at] of odd.entries()) {
      await importer.add(JSON.stringify(visit('A', 'H1', at)), i + 1)
    }
    const refused = await importer.finish()
    expect(refused.failed.map((f) => f.line)).toEqual([1, 2])
    expect(refused.failed[0]!.reason).toMatch(/^visitedAt: must fall from/)
    expect(refused.inserted).toBe(0)

    const before = cells(await report(HEAD, 'hospital'))
    await importRows(db.dataSource, [
      visit('E', 'H2', '2026-04-02T10:00:00+08:00'),
      visit('E', 'H2', '2026-04-20T10:00:00+08:00'),
    ])
    // The visits alone: E has no hospital yet, so no cohort counts them.
    expect(cells(await report(HEAD, 'hospital'))).toEqual(before)
    await importRows(db.dataSource, [
      { type: 'customer', id: 'E', name: '客户E', hospitalId: 'H2' },
    ])
    expect(cells(await report(HEAD, 'hospital')).H2).toEqual({
      '2026-03': [1, 0],
      '2026-04': [1, 1],
    })
  })

  it('counts the same cohorts when the migration fills the table', async () => {
    await importRows(db.dataSource, [
      ...ORGANISATION,
      ...FIRST_VISITS,
      visit('C', 'H2', '2026-06-07T09:00:00+08:00'),
    ])
    const kept = await report(HEAD, 'hospital')
    await undoMigrationsThrough(db.dataSource, 'RepurchaseMonth1765627200000')
    await db.dataSource.runMigrations({ transaction: 'each' })
    expect(await report(HEAD, 'hospital')).toEqual(kept)
    expect(cells(kept).H2).toEqual({ '2026-03': [1, 1], '2026-06': [1, 0] })
  })
})
