/// <reference types="jest" />
import type { CareLine, SidebarPet, VisitSummary } from '@petcare/shared'
import { careBadge, careDetail, sortCareLines } from './care'
import { ageText, sexText } from './pet-text'
import { mergeVisits, orderPets } from './visits'
import {
  formatKg,
  formatKgChange,
  sparklinePoints,
  weightTrend,
} from './weight'

function line(overrides: Partial<CareLine>): CareLine {
  return {
    id: 'v',
    name: { zh: '猫三联', en: 'FVRCP' },
    core: true,
    status: 'up_to_date',
    lastGivenOn: '2026-01-01',
    nextDueOn: '2027-01-01',
    daysOverdue: null,
    ...overrides,
  }
}

describe('careBadge', () => {
  const today = '2026-06-04'

  it.each([
    [
      { status: 'overdue', nextDueOn: '2026-04-20', daysOverdue: 45 },
      'danger',
      '逾期 45 天',
    ],
    [
      { status: 'overdue', nextDueOn: '2026-05-25', daysOverdue: null },
      'danger',
      '逾期 10 天',
    ],
    [{ status: 'due', nextDueOn: today }, 'warn', '今日到期'],
    [{ status: 'due_soon', nextDueOn: '2026-06-11' }, 'warn', '7 天后到期'],
    [{ status: 'up_to_date' }, 'ok', '正常'],
    [{ status: 'not_started' }, 'muted', '未开始'],
  ] as const)('%p → %s %s', (overrides, tone, text) => {
    expect(careBadge(line(overrides), today)).toEqual({ tone, text })
  })

  it('says how long ago a line in its grace days fell due, not “due today”', () => {
    const late = line({ status: 'due', nextDueOn: '2026-06-01' })
    expect(careBadge(late, today)).toEqual({
      tone: 'warn',
      text: '已到期 3 天',
    })
  })

  it('counts days from the server’s today, not the device clock', () => {
    const soon = line({ status: 'due_soon', nextDueOn: '2026-06-11' })
    expect(careBadge(soon, '2026-06-10').text).toBe('1 天后到期')
  })
})

describe('careDetail', () => {
  const today = '2026-12-04'

  it.each([
    // Regression (小白): a core dose never given and past due read "下次
    // 2026-09-30", a date in the past called "next".
    [
      { status: 'overdue', lastGivenOn: null, nextDueOn: '2026-09-30' },
      'vaccine',
      '未接种 · 应于 2026-09-30',
    ],
    [
      { status: 'overdue', lastGivenOn: '2026-09-01', nextDueOn: '2026-09-15' },
      'deworming',
      '上次 2026-09-01 · 应于 2026-09-15',
    ],
    [
      { status: 'due', lastGivenOn: null, nextDueOn: '2026-12-01' },
      'deworming',
      '未驱虫 · 应于 2026-12-01',
    ],
    // Regression (钩端): a non-core vaccine never started showed
    // "下次 2020-01-30"; it is optional and has no date to keep.
    [
      {
        status: 'not_started',
        core: false,
        lastGivenOn: null,
        nextDueOn: '2020-01-30',
      },
      'vaccine',
      '未接种 · 非核心，按需接种',
    ],
    [
      {
        status: 'up_to_date',
        lastGivenOn: '2026-05-26',
        nextDueOn: '2027-05-26',
      },
      'vaccine',
      '上次 2026-05-26 · 下次 2027-05-26',
    ],
    [
      { status: 'due', lastGivenOn: '2025-12-04', nextDueOn: today },
      'vaccine',
      '上次 2025-12-04 · 下次 2026-12-04',
    ],
    [
      { status: 'not_applicable', lastGivenOn: null, nextDueOn: '2027-01-20' },
      'vaccine',
      '未接种 · 下次 2027-01-20',
    ],
  ] as const)('%p (%s) → %s', (overrides, kind, text) => {
    expect(careDetail(line(overrides), today, kind)).toBe(text)
  })
})

describe('sortCareLines', () => {
  it('puts overdue first, then due, then due soon, each by date', () => {
    const sorted = sortCareLines([
      line({ id: 'ok', status: 'up_to_date' }),
      line({ id: 'soon', status: 'due_soon', nextDueOn: '2026-06-20' }),
      line({ id: 'late', status: 'overdue', nextDueOn: '2026-01-01' }),
      line({ id: 'later', status: 'overdue', nextDueOn: '2025-01-01' }),
    ])
    expect(sorted.map((l) => l.id)).toEqual(['later', 'late', 'soon', 'ok'])
  })
})

describe('pet text', () => {
  it('gives the age in years and months, or months, or days', () => {
    expect(ageText('2024-03-01', '2026-06-04')).toBe('2岁3个月')
    expect(ageText('2024-06-01', '2026-06-04')).toBe('2岁')
    expect(ageText('2026-01-04', '2026-06-04')).toBe('5个月')
    expect(ageText('2026-05-25', '2026-06-04')).toBe('10天')
    expect(ageText(null, '2026-06-04')).toBe('年龄未知')
  })

  it('says sex and neutering, leaving out an unknown neutering', () => {
    expect(sexText({ sex: 'female', neutered: true })).toBe('母 · 已绝育')
    expect(sexText({ sex: 'male', neutered: null })).toBe('公')
  })
})

describe('weights', () => {
  const points = [
    { measuredOn: '2026-01-01', kg: 4.0 },
    { measuredOn: '2026-03-01', kg: 4.3 },
    { measuredOn: '2026-06-01', kg: 4.25 },
  ]

  it('gives the latest weight and its change', () => {
    expect(weightTrend(points)).toEqual({
      latest: points[2],
      previous: points[1],
      change: -0.05,
      min: 4,
      max: 4.3,
    })
    expect(weightTrend([])).toBeNull()
    expect(formatKg(4.25)).toBe('4.25')
    expect(formatKgChange(-0.05)).toBe('−0.05 kg')
    expect(formatKgChange(0.5)).toBe('+0.5 kg')
  })

  it('scales the sparkline into the box, highest at the top', () => {
    const dots = sparklinePoints([4, 4.3, 4.25], 120, 36, 3)
    expect(dots[0]).toEqual({ x: 3, y: 33 })
    expect(dots[1]).toEqual({ x: 60, y: 3 })
    expect(dots[2]!.y).toBeCloseTo(8, 0)
    expect(sparklinePoints([5, 5], 100, 20)).toEqual([
      { x: 3, y: 10 },
      { x: 97, y: 10 },
    ])
  })
})

describe('orderPets and mergeVisits', () => {
  const pet = (id: string) => ({ id }) as SidebarPet
  const visit = (id: string, visitedAt: string) =>
    ({ id, visitedAt }) as VisitSummary

  it('puts the chat’s pet first and keeps the rest in order', () => {
    expect(
      orderPets([pet('a'), pet('b'), pet('c')], 'c').map((p) => p.id),
    ).toEqual(['c', 'a', 'b'])
    expect(orderPets([pet('a'), pet('b')], null).map((p) => p.id)).toEqual([
      'a',
      'b',
    ])
  })

  it('merges a page without duplicates, newest first', () => {
    const merged = mergeVisits(
      [
        visit('v3', '2026-06-03T02:00:00Z'),
        visit('v2', '2026-05-01T02:00:00Z'),
      ],
      [
        visit('v2', '2026-05-01T02:00:00Z'),
        visit('v1', '2026-01-01T02:00:00Z'),
      ],
    )
    expect(merged.map((v) => v.id)).toEqual(['v3', 'v2', 'v1'])
  })
})
