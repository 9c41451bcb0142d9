/// <reference types="jest" />
import type { RepurchaseReport } from '@petcare/shared'
import {
  bysFor,
  isEmptyReport,
  rangeProblem,
  reportMonths,
  repurchaseFromRoute,
  repurchaseUrl,
} from './repurchase'

const NOW = new Date('2026-12-09T02:00:00Z')

describe('repurchaseFromRoute', () => {
  it('shows the last twelve months in total by default', () => {
    expect(repurchaseFromRoute({}, NOW)).toEqual({
      from: '2026-01',
      to: '2026-12',
      by: 'total',
    })
  })

  it('reads a valid address and ignores a malformed one', () => {
    expect(
      repurchaseFromRoute(
        { from: '2025-11', to: '2026-02', by: 'region' },
        NOW,
      ),
    ).toEqual({ from: '2025-11', to: '2026-02', by: 'region' })
    expect(
      repurchaseFromRoute({ from: '2026-13', to: 'x', by: 'pet' }, NOW),
    ).toEqual({ from: '2026-01', to: '2026-12', by: 'total' })
  })

  it('counts the default range back from the month asked for', () => {
    expect(repurchaseFromRoute({ to: '2026-03' }, NOW).from).toBe('2025-04')
  })

  // A store manager's 按大区 read 华东大区 over their own store's figures.
  it('offers a store manager the total alone, their store', () => {
    expect(bysFor('store')).toEqual(['total'])
    expect(bysFor('region')).toEqual(['total', 'region', 'hospital'])
    expect(repurchaseFromRoute({ by: 'region' }, NOW, 'store').by).toBe('total')
    expect(repurchaseFromRoute({ by: 'region' }, NOW, 'region').by).toBe(
      'region',
    )
  })
})

describe('rangeProblem', () => {
  it('refuses a reversed range and one over 24 months', () => {
    expect(rangeProblem({ from: '2026-05', to: '2026-04', by: 'total' })).toBe(
      'reversed',
    )
    expect(rangeProblem({ from: '2024-12', to: '2026-12', by: 'total' })).toBe(
      'too_long',
    )
    expect(
      rangeProblem({ from: '2025-01', to: '2026-12', by: 'total' }),
    ).toBeNull()
    expect(
      rangeProblem({ from: '2026-04', to: '2026-04', by: 'total' }),
    ).toBeNull()
  })
})

describe('the report', () => {
  const report: RepurchaseReport = {
    from: '2026-10',
    to: '2026-12',
    by: 'hospital',
    groups: [
      {
        id: 'H1',
        name: '静安',
        cohorts: [
          {
            month: '2026-10',
            customers: 10,
            returned: 3,
            rate: 0.3,
            complete: false,
          },
          {
            month: '2026-12',
            customers: 0,
            returned: 0,
            rate: null,
            complete: false,
          },
        ],
      },
    ],
  }

  it('has a column for every month of the range, gaps included', () => {
    expect(reportMonths(report)).toEqual(['2026-10', '2026-11', '2026-12'])
  })

  it('is empty only when no cohort has a customer', () => {
    expect(isEmptyReport(report)).toBe(false)
    expect(
      isEmptyReport({
        ...report,
        groups: [
          { ...report.groups[0]!, cohorts: [report.groups[0]!.cohorts[1]!] },
        ],
      }),
    ).toBe(true)
  })

  it('asks for the range and grouping', () => {
    expect(
      repurchaseUrl({ from: '2026-01', to: '2026-12', by: 'region' }),
    ).toBe('/api/console/repurchase?from=2026-01&to=2026-12&by=region')
  })
})
