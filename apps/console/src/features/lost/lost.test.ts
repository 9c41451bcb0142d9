/// <reference types="jest" />
import type { LostReport } from '@petcare/shared'
import {
  alertDays,
  defaultLostQuery,
  lostProblem,
  lostTotals,
  lostUrl,
} from './lost'

describe('lost customers', () => {
  it('defaults to the last 30 days, today included, and a threshold of 5', () => {
    expect(defaultLostQuery('2026-12-09')).toEqual({
      from: '2026-11-10',
      to: '2026-12-09',
      threshold: '5',
    })
    expect(lostUrl(defaultLostQuery('2026-03-01'))).toBe(
      '/api/console/lost?from=2026-01-31&to=2026-03-01&threshold=5',
    )
  })

  it('refuses a reversed range and a threshold outside 1–1000', () => {
    const q = defaultLostQuery('2026-12-09')
    expect(lostProblem(q)).toBeNull()
    expect(lostProblem({ ...q, to: '2026-11-01' })).toBe('dates')
    expect(lostProblem({ ...q, from: '' })).toBe('dates')
    expect(lostProblem({ ...q, threshold: '0' })).toBe('threshold')
    expect(lostProblem({ ...q, threshold: '2.5' })).toBe('threshold')
    expect(lostProblem({ ...q, threshold: '1001' })).toBe('threshold')
  })

  it('adds up who ended it, and counts each member’s alert days', () => {
    const report: LostReport = {
      from: '2026-11-10',
      to: '2026-12-09',
      threshold: 5,
      byMember: [
        {
          userId: 'a',
          name: 'A',
          hospitalId: null,
          removedByMember: 7,
          removedByCustomer: 2,
        },
        {
          userId: 'b',
          name: 'B',
          hospitalId: null,
          removedByMember: 0,
          removedByCustomer: 3,
        },
      ],
      byHospital: [],
      alerts: [
        { userId: 'a', name: 'A', day: '2026-12-01', removed: 6 },
        { userId: 'a', name: 'A', day: '2026-12-03', removed: 7 },
      ],
      recent: [],
    }
    expect(lostTotals(report)).toEqual({ byMember: 7, byCustomer: 5 })
    expect([...alertDays(report)]).toEqual([['a', 2]])
  })
})
