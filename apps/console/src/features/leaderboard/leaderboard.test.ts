/// <reference types="jest" />
import type { LeaderboardRow } from '@petcare/shared'
import {
  defaultQuery,
  drillDown,
  isQuietWeek,
  leaderboardCsvUrl,
  leaderboardUrl,
  levelsFor,
  queryFromRoute,
  ranks,
  routeQuery,
  sortRows,
  switchLevel,
  type BoardQuery,
} from './leaderboard'

const NOW = new Date('2026-12-09T02:00:00Z') // Wednesday of 2026-W50

const headOffice = {
  level: 'head_office' as const,
  regions: [
    { id: 'R-EAST', name: '华东大区' },
    { id: 'R-SOUTH', name: '华南大区' },
  ],
  hospitals: [
    { id: 'H-JA', name: '静安宠物医院', regionId: 'R-EAST' },
    { id: 'H-TH', name: '天河宠物医院', regionId: 'R-SOUTH' },
  ],
}
const regionAdmin = {
  level: 'region' as const,
  regions: [{ id: 'R-EAST', name: '华东大区' }],
  hospitals: [{ id: 'H-JA', name: '静安宠物医院', regionId: 'R-EAST' }],
}
const storeManager = {
  level: 'store' as const,
  regions: [],
  hospitals: [{ id: 'H-JA', name: '静安宠物医院', regionId: 'R-EAST' }],
}

function row(id: string, patch: Partial<LeaderboardRow> = {}): LeaderboardRow {
  return {
    id,
    name: id,
    regionId: null,
    hospitalId: null,
    added: 0,
    removedByMember: 0,
    removedByCustomer: 0,
    net: 0,
    previousNet: 0,
    target: null,
    targetSetBy: null,
    ...patch,
  }
}

describe('where each level starts', () => {
  it('starts head office at the regions of this week', () => {
    expect(defaultQuery(headOffice, NOW)).toEqual({
      week: '2026-W50',
      level: 'region',
      regionId: null,
      hospitalId: null,
    })
  })

  it('starts a region admin at the hospitals of their region', () => {
    expect(defaultQuery(regionAdmin, NOW)).toMatchObject({
      level: 'hospital',
      regionId: 'R-EAST',
    })
  })

  it('starts a store manager at the members of their hospital', () => {
    expect(defaultQuery(storeManager, NOW)).toMatchObject({
      level: 'member',
      hospitalId: 'H-JA',
    })
    expect(levelsFor('store')).toEqual(['hospital', 'member'])
  })
})

describe('queryFromRoute', () => {
  it('reads a valid address as it is', () => {
    expect(
      queryFromRoute(
        {
          week: '2026-W53',
          level: 'member',
          regionId: 'R-EAST',
          hospitalId: 'H-JA',
        },
        headOffice,
        NOW,
      ),
    ).toEqual({
      week: '2026-W53',
      level: 'member',
      regionId: 'R-EAST',
      hospitalId: 'H-JA',
    })
  })

  it('replaces a week that does not exist with this week', () => {
    expect(
      queryFromRoute({ week: '2027-W53', level: 'region' }, headOffice, NOW)
        .week,
    ).toBe('2026-W50')
  })

  it('drops a region the user does not see', () => {
    const q = queryFromRoute(
      { level: 'hospital', regionId: 'R-SOUTH' },
      regionAdmin,
      NOW,
    )
    expect(q.regionId).toBeNull()
  })

  it('falls back to the default for a level the user is not offered', () => {
    expect(queryFromRoute({ level: 'region' }, storeManager, NOW)).toEqual(
      defaultQuery(storeManager, NOW),
    )
  })

  it('round-trips through the address', () => {
    const q: BoardQuery = {
      week: '2027-W01',
      level: 'hospital',
      regionId: 'R-EAST',
      hospitalId: null,
    }
    expect(queryFromRoute(routeQuery(q), headOffice, NOW)).toEqual(q)
  })
})

describe('drilling down and switching levels', () => {
  const regions: BoardQuery = {
    week: '2026-W50',
    level: 'region',
    regionId: null,
    hospitalId: null,
  }

  it('opens a region’s hospitals, then a hospital’s members', () => {
    const hospitals = drillDown(regions, row('R-EAST'))!
    expect(hospitals).toEqual({
      week: '2026-W50',
      level: 'hospital',
      regionId: 'R-EAST',
      hospitalId: null,
    })
    const members = drillDown(hospitals, row('H-JA', { regionId: 'R-EAST' }))!
    expect(members).toEqual({
      week: '2026-W50',
      level: 'member',
      regionId: 'R-EAST',
      hospitalId: 'H-JA',
    })
    expect(drillDown(members, row('ZhangWei'))).toBeNull()
  })

  it('does not open the unassigned row (empty id)', () => {
    expect(drillDown(regions, row('', { name: '未分配' }))).toBeNull()
  })

  it('keeps the filters that still apply on another tab', () => {
    const members: BoardQuery = {
      week: '2026-W50',
      level: 'member',
      regionId: 'R-EAST',
      hospitalId: 'H-JA',
    }
    expect(switchLevel(members, 'hospital')).toMatchObject({
      regionId: 'R-EAST',
      hospitalId: null,
    })
    expect(switchLevel(members, 'region')).toMatchObject({
      regionId: null,
      hospitalId: null,
    })
  })
})

describe('the API and CSV links', () => {
  it('asks for the board with only the filters set', () => {
    expect(
      leaderboardUrl({
        week: '2026-W50',
        level: 'hospital',
        regionId: 'R-EAST',
        hospitalId: null,
      }),
    ).toBe(
      '/api/console/leaderboard?week=2026-W50&level=hospital&regionId=R-EAST',
    )
  })

  it('asks for the same board as CSV', () => {
    const url = leaderboardCsvUrl({
      week: '2026-W53',
      level: 'member',
      regionId: 'R-EAST',
      hospitalId: 'H-JA',
    })
    const parsed = new URL(url, 'http://x')
    expect(parsed.pathname).toBe('/api/console/leaderboard')
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      week: '2026-W53',
      level: 'member',
      regionId: 'R-EAST',
      hospitalId: 'H-JA',
      format: 'csv',
    })
  })
})

describe('sortRows', () => {
  const rows = [
    row('a', { name: '华南大区', net: 5, previousNet: 10, added: 9 }),
    row('b', {
      name: '华东大区',
      net: 12,
      previousNet: 2,
      target: 10,
      added: 9,
    }),
    row('c', {
      name: '华北大区',
      net: -3,
      previousNet: -1,
      target: 60,
      added: 2,
    }),
  ]
  const ids = (list: LeaderboardRow[]) => list.map((r) => r.id)

  it('sorts by net and by change either way', () => {
    expect(ids(sortRows(rows, 'net', 'desc'))).toEqual(['b', 'a', 'c'])
    expect(ids(sortRows(rows, 'net', 'asc'))).toEqual(['c', 'a', 'b'])
    expect(ids(sortRows(rows, 'change', 'desc'))).toEqual(['b', 'c', 'a'])
  })

  it('keeps the server’s order for ties', () => {
    expect(ids(sortRows(rows, 'added', 'desc'))).toEqual(['a', 'b', 'c'])
    expect(ids(sortRows(rows, 'added', 'asc'))).toEqual(['c', 'a', 'b'])
  })

  it('puts rows without a target last whichever way', () => {
    expect(ids(sortRows(rows, 'progress', 'desc'))).toEqual(['b', 'c', 'a'])
    expect(ids(sortRows(rows, 'progress', 'asc'))).toEqual(['c', 'b', 'a'])
  })

  it('does not change the rows it was given', () => {
    sortRows(rows, 'net', 'asc')
    expect(ids(rows)).toEqual(['a', 'b', 'c'])
  })

  // A member level that listed only members with activity hid who brought
  // in no one; now they are listed, after the others, with no rank.
  describe('with members who brought in no one, and the unplaced row', () => {
    const board = [
      row('bob', { name: '李强', added: 2, net: 2 }),
      row('amy', { name: '王芳', added: 1, removedByMember: 2, net: -1 }),
      row('cai', { name: '蔡敏', previousNet: 3 }),
      row('dan', { name: '邓伟' }),
      row('', { name: '未归属门店的成员', added: 4, net: 4 }),
    ]

    it('keeps the quiet rows after the others and the unplaced row last, either way', () => {
      expect(ids(sortRows(board, 'net', 'desc'))).toEqual([
        'bob',
        'amy',
        'cai',
        'dan',
        '',
      ])
      expect(ids(sortRows(board, 'net', 'asc'))).toEqual([
        'amy',
        'bob',
        'cai',
        'dan',
        '',
      ])
      expect(ids(sortRows(board, 'change', 'desc')).slice(2)).toEqual([
        'dan',
        'cai',
        '',
      ])
    })

    it('sorts every member by name when asked, the unplaced row still last', () => {
      expect(ids(sortRows(board, 'name', 'asc'))).toEqual([
        'cai',
        'dan',
        'bob',
        'amy',
        '',
      ])
    })

    it('ranks only the rows with customers in or out', () => {
      expect([...ranks(board)]).toEqual([
        ['bob', 1],
        ['amy', 2],
      ])
    })
  })
})

describe('isQuietWeek', () => {
  const zero = {
    added: 0,
    removedByMember: 0,
    removedByCustomer: 0,
    net: 0,
    previousNet: 0,
    target: null,
  }
  it('is quiet with no rows or no movement, not with a loss alone', () => {
    expect(isQuietWeek({ rows: [], totals: zero })).toBe(true)
    expect(isQuietWeek({ rows: [row('a')], totals: zero })).toBe(true)
    expect(
      isQuietWeek({
        rows: [row('a')],
        totals: { ...zero, removedByCustomer: 1 },
      }),
    ).toBe(false)
  })
})
