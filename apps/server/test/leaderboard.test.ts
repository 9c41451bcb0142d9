/**
 * The new-follower leaderboard against weeks worked out by hand: re-adds,
 * removals by either side, and week boundaries at midnight China time.
 */
import { chinaWeekSeconds } from '@petcare/domain'
import type { DataSource } from 'typeorm'
import {
  LeaderboardQuery,
  leaderboardCsv,
} from '../src/modules/console/leaderboard'
import { RegionTargetEntity } from '../src/modules/console/console.entity'
import { consoleScope } from '../src/modules/console/scope'
import { HEAD_OFFICE as HEAD, regionAdmin } from './console-principals'
import { recordFollowChange } from '../src/modules/customer/follow-change'
import { setLocalAccount } from '../src/modules/auth/local-accounts'
import { StaffEntity } from '../src/modules/directory/staff.entity'
import {
  HospitalEntity,
  RegionEntity,
} from '../src/modules/record/hospital.entity'
import { databaseTargets, useMigratedDatabase } from './databases'

/** Two regions, three hospitals, four members. */
async function seedOrganisation(dataSource: DataSource) {
  const updatedAt = new Date()
  await dataSource.getRepository(RegionEntity).insert([
    { id: 'R1', name: '华东大区', wecomDepartmentId: '10', updatedAt },
    { id: 'R2', name: '华南大区', wecomDepartmentId: '20', updatedAt },
  ])
  const hospital = (
    id: string,
    name: string,
    regionId: string,
    dept: string,
  ) => ({
    id,
    name,
    regionId,
    wecomDepartmentId: dept,
    phone: null,
    address: null,
    updatedAt,
  })
  await dataSource
    .getRepository(HospitalEntity)
    .insert([
      hospital('H1', '徐汇店', 'R1', '11'),
      hospital('H2', '静安店', 'R1', '12'),
      hospital('H3', '天河店', 'R2', '21'),
    ])
  await dataSource.getRepository(StaffEntity).insert(
    [
      ['amy', '王芳', '11'],
      ['bob', '李强', '11'],
      ['cai', '蔡敏', '12'],
      ['dan', '邓伟', '21'],
    ].map(([userId, name, dept]) => ({
      userId: userId!,
      name: name!,
      position: '爱宠管家',
      role: 'butler' as const,
      departmentIds: dept!,
      mainDepartmentId: dept!,
      status: 1,
      deletedAt: null,
      sourceTime: 0,
      updatedAt,
    })),
  )
}

/** Seconds into the week: day 0 is Monday 00:00 China time. */
function at(week: string, day: number, hour = 10): number {
  return chinaWeekSeconds(week).start + day * 86_400 + hour * 3600
}

describe.each(databaseTargets())('leaderboard on $name', (target) => {
  const db = useMigratedDatabase(target)

  async function change(
    userId: string,
    externalUserId: string,
    kind: 'added' | 'removed',
    time: number,
    endedBy: 'member' | 'customer' | null = null,
  ) {
    await recordFollowChange(db.dataSource, {
      userId,
      externalUserId,
      kind,
      endedBy,
      at: time,
    })
  }

  it('counts distinct customers per member, re-adds once, removals by who ended them', async () => {
    await seedOrganisation(db.dataSource)
    const W = '2026-W49'
    // amy: c1 added, removed by the customer, added again → added 1, removed 1.
    await change('amy', 'c1', 'added', at(W, 0))
    await change('amy', 'c1', 'removed', at(W, 1), 'customer')
    await change('amy', 'c1', 'added', at(W, 2))
    // amy: c2, c3 added; c4 (added last week) removed by amy.
    await change('amy', 'c2', 'added', at(W, 3))
    await change('amy', 'c3', 'added', at(W, 4))
    await change('amy', 'c4', 'added', at('2026-W48', 2))
    await change('amy', 'c4', 'removed', at(W, 5), 'member')
    // bob: one add at 23:59 Sunday China time (this week) and one at
    // 00:00 Monday (next week), which is still Sunday in UTC.
    await change('bob', 'c5', 'added', at(W, 6, 23) + 59 * 60)
    await change('bob', 'c6', 'added', at('2026-W50', 0, 0))
    // cai: nothing this week; 2 last week.
    await change('cai', 'c7', 'added', at('2026-W48', 0))
    await change('cai', 'c8', 'added', at('2026-W48', 6, 23))
    // dan, the other region: 1 add.
    await change('dan', 'c9', 'added', at(W, 0, 0))
    // The same change recorded twice (an event and a re-sync) counts once.
    await change('dan', 'c9', 'added', at(W, 0, 0))

    const query = new LeaderboardQuery(db.dataSource)
    const scope = await consoleScope(db.dataSource, HEAD)
    const members = await query.run(scope, { week: W, level: 'member' })
    const byId = Object.fromEntries(members.rows.map((r) => [r.id, r]))
    expect(byId.amy).toMatchObject({
      added: 3,
      removedByMember: 1,
      removedByCustomer: 1,
      net: 1,
      previousNet: 1,
      hospitalId: 'H1',
      regionId: 'R1',
    })
    expect(byId.bob).toMatchObject({ added: 1, net: 1, previousNet: 0 })
    expect(byId.cai).toMatchObject({ added: 0, net: 0, previousNet: 2 })
    expect(byId.dan).toMatchObject({ added: 1, net: 1 })
    expect(members.from).toBe('2026-11-30')
    expect(members.to).toBe('2026-12-06')

    const regions = await query.run(scope, { week: W, level: 'region' })
    expect(
      regions.rows.map((r) => [r.id, r.name, r.added, r.net, r.previousNet]),
    ).toEqual([
      ['R1', '华东大区', 4, 2, 3],
      ['R2', '华南大区', 1, 1, 0],
    ])
    expect(regions.totals).toMatchObject({ added: 5, net: 3, previousNet: 3 })
    const hospitals = await query.run(scope, {
      week: W,
      level: 'hospital',
      regionId: 'R1',
    })
    expect(hospitals.rows.map((r) => [r.id, r.net])).toEqual([
      ['H1', 2],
      ['H2', 0],
    ])
    // The trend: 8 weeks ending with this one.
    expect(regions.trend).toHaveLength(8)
    expect(regions.trend.at(-1)).toEqual({ week: W, added: 5, net: 3 })
    expect(regions.trend.at(-2)).toEqual({ week: '2026-W48', added: 3, net: 3 })
    expect(regions.trend[0]!.week).toBe('2026-W42')
    // Next week holds bob's midnight add.
    const next = await query.run(scope, { week: '2026-W50', level: 'member' })
    expect(next.rows.find((r) => r.id === 'bob')).toMatchObject({ added: 1 })
  })

  it('shows a region admin their region only', async () => {
    await seedOrganisation(db.dataSource)
    const W = '2026-W49'
    await change('amy', 'c1', 'added', at(W, 0))
    await change('dan', 'c2', 'added', at(W, 0))
    const regional = regionAdmin(['H1', 'H2'])
    const scope = await consoleScope(db.dataSource, regional)
    const query = new LeaderboardQuery(db.dataSource)
    const members = await query.run(scope, { week: W, level: 'member' })
    // Their members who brought in no one are listed too, after the others.
    expect(members.rows.map((r) => r.id)).toEqual(['amy', 'cai', 'bob'])
    const regions = await query.run(scope, { week: W, level: 'region' })
    expect(regions.rows.map((r) => r.id)).toEqual(['R1'])
    expect(regions.totals.added).toBe(1)
  })

  it('shows a region’s weekly target wherever the region is the context, and no store its region’s (the 华东 target was "未设置" below the region level)', async () => {
    await seedOrganisation(db.dataSource)
    await setLocalAccount(db.dataSource, 'admin', 'a long enough password')
    const W = '2026-W49'
    await change('amy', 'c1', 'added', at(W, 0))
    await change('cai', 'c2', 'added', at(W, 1))
    await change('dan', 'c3', 'added', at(W, 2))
    await db.dataSource.getRepository(RegionTargetEntity).insert({
      regionId: 'R1',
      week: W,
      target: 20,
      updatedBy: 'local:admin',
      updatedAt: new Date('2026-12-01T02:00:00Z'),
    })
    const query = new LeaderboardQuery(db.dataSource)
    const head = await consoleScope(db.dataSource, HEAD)

    // Head office: the regions, and a drill-down into 华东 at both levels.
    const regions = await query.run(head, { week: W, level: 'region' })
    expect(regions.totals.target).toBe(20)
    expect(regions.rows.find((r) => r.id === 'R1')).toMatchObject({
      target: 20,
      targetSetBy: {
        userId: 'local:admin',
        name: '本地管理员',
        at: '2026-12-01T02:00:00.000Z',
      },
    })
    for (const level of ['hospital', 'member'] as const) {
      const east = await query.run(head, { week: W, level, regionId: 'R1' })
      expect([level, east.totals.target, east.targetScope]).toEqual([
        level,
        20,
        'regions',
      ])
      expect(east.totals.net).toBe(2)
      const south = await query.run(head, { week: W, level, regionId: 'R2' })
      expect([level, south.totals.target]).toEqual([level, null])
    }
    // One hospital is a part of the region: no target applies.
    const xuhui = await query.run(head, {
      week: W,
      level: 'member',
      regionId: 'R1',
      hospitalId: 'H1',
    })
    expect(xuhui).toMatchObject({
      totals: { target: null },
      targetScope: 'part_of_region',
    })

    // The region admin, at the level their overview asks for and below.
    const regional = await consoleScope(
      db.dataSource,
      regionAdmin(['H1', 'H2']),
    )
    for (const level of ['region', 'hospital', 'member'] as const) {
      const board = await query.run(regional, { week: W, level })
      expect([level, board.totals.target, board.targetScope]).toEqual([
        level,
        20,
        'regions',
      ])
    }

    // A store manager's hospital is a part of 华东: its target is not theirs.
    const store = await consoleScope(db.dataSource, {
      ...regionAdmin(['H1']),
      scope: 'store',
    })
    for (const level of ['region', 'hospital', 'member'] as const) {
      const board = await query.run(store, { week: W, level })
      expect([level, board.totals.target, board.targetScope]).toEqual([
        level,
        null,
        'part_of_region',
      ])
      expect(board.rows.every((r) => r.target === null)).toBe(true)
    }
  })

  it('lists the members who brought in no one after the others, and says who the unplaced row is', async () => {
    await seedOrganisation(db.dataSource)
    // A head-office member in no hospital, who added a customer.
    await db.dataSource.getRepository(StaffEntity).insert({
      userId: 'hq',
      name: '总部小王',
      position: '总部运营',
      role: 'head_office_ops',
      departmentIds: '1',
      mainDepartmentId: '1',
      status: 1,
      deletedAt: null,
      sourceTime: 0,
      updatedAt: new Date(),
    })
    // A member who left, with nothing this week: not listed.
    await db.dataSource.getRepository(StaffEntity).insert({
      userId: 'gone',
      name: '离职者',
      position: '爱宠管家',
      role: 'butler',
      departmentIds: '11',
      mainDepartmentId: '11',
      status: 5,
      deletedAt: null,
      sourceTime: 0,
      updatedAt: new Date(),
    })
    const W = '2026-W49'
    await change('bob', 'c1', 'added', at(W, 0))
    await change('amy', 'c2', 'added', at(W, 1))
    await change('amy', 'c2', 'removed', at(W, 2), 'member')
    await change('amy', 'c3', 'removed', at(W, 2), 'customer')
    await change('hq', 'c4', 'added', at(W, 3))
    const query = new LeaderboardQuery(db.dataSource)
    const head = await consoleScope(db.dataSource, HEAD)

    // 徐汇 at the member level: bob, then amy (net -1), then no one else.
    const xuhui = await query.run(head, {
      week: W,
      level: 'member',
      hospitalId: 'H1',
    })
    expect(xuhui.rows.map((r) => [r.id, r.net])).toEqual([
      ['bob', 1],
      ['amy', -1],
    ])
    // 静安 and 天河: members with zeros, listed all the same.
    const quiet = await query.run(head, {
      week: W,
      level: 'member',
      regionId: 'R1',
    })
    expect(quiet.rows.map((r) => r.id)).toEqual(['bob', 'amy', 'cai'])
    expect(quiet.rows.at(-1)).toMatchObject({ added: 0, net: 0 })

    for (const level of ['region', 'hospital'] as const) {
      const board = await query.run(head, { week: W, level })
      const last = board.rows.at(-1)!
      expect([level, last.id, last.name, last.added]).toEqual([
        level,
        '',
        level === 'region' ? '未归属大区的成员' : '未归属门店的成员',
        1,
      ])
    }
    const hospitals = await query.run(head, { week: W, level: 'hospital' })
    expect(hospitals.rows.map((r) => r.id)).toEqual(['H1', 'H2', 'H3', ''])
  })

  it('exports CSV that Excel reads and that runs no formula', () => {
    const csv = leaderboardCsv({
      week: '2026-W49',
      from: '2026-11-30',
      to: '2026-12-06',
      level: 'member',
      rows: [
        {
          id: 'x',
          name: '=HYPERLINK("x")',
          regionId: null,
          hospitalId: null,
          added: 1,
          removedByMember: 0,
          removedByCustomer: 0,
          net: 1,
          previousNet: 0,
          target: null,
          targetSetBy: null,
        },
        {
          id: 'y',
          name: '王, 芳',
          regionId: null,
          hospitalId: null,
          added: 2,
          removedByMember: 1,
          removedByCustomer: 0,
          net: 1,
          previousNet: 3,
          target: 10,
          targetSetBy: null,
        },
        // A tab or a carriage return before the formula starts it too, and
        // a bare carriage return would start a row of its own.
        ...['\t=1+1', 'x\r=1+1'].map((name, i) => ({
          id: `z${i}`,
          name,
          regionId: null,
          hospitalId: null,
          added: 0,
          removedByMember: 0,
          removedByCustomer: 0,
          net: 0,
          previousNet: 0,
          target: null,
          targetSetBy: null,
        })),
      ],
      totals: {
        added: 3,
        removedByMember: 1,
        removedByCustomer: 0,
        net: 2,
        previousNet: 3,
        target: 10,
      },
      targetScope: 'regions',
      trend: [],
    })
    expect(csv.startsWith('\uFEFF名称,新增')).toBe(true)
    expect(csv).toContain(`"'=HYPERLINK(""x"")",1,0,0,1,0,\r\n`)
    expect(csv).toContain('"王, 芳",2,1,0,1,3,10\r\n')
    expect(csv).toContain("'\t=1+1,0,0,0,0,0,\r\n")
    expect(csv).toContain('"x\r=1+1",0,0,0,0,0,\r\n')
    // Every line break is a row's end: none inside a cell unquoted.
    expect(csv.split('\r\n').filter((l) => l.includes('\r'))).toEqual([
      '"x\r=1+1",0,0,0,0,0,',
    ])
  })
})
