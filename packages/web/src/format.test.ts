/// <reference types="jest" />
import {
  formatChinaDate,
  formatChinaDateTime,
  formatChinaTime,
  formatCount,
  formatPercent,
  formatSigned,
} from './format'

describe('formatChinaDateTime', () => {
  it('shows UTC instants in China time (UTC+8)', () => {
    expect(formatChinaDateTime('2026-12-04T08:00:00.000Z')).toBe(
      '2026-12-04 16:00:00',
    )
  })

  it('rolls over to the next day in China', () => {
    expect(formatChinaDateTime(new Date('2026-12-31T16:30:05Z'))).toBe(
      '2027-01-01 00:30:05',
    )
  })

  it('uses 00, not 24, for midnight', () => {
    expect(formatChinaTime('2026-12-04T16:00:00Z')).toBe('00:00:00')
  })

  it('returns an empty string for an invalid date', () => {
    expect(formatChinaDateTime('not a date')).toBe('')
  })
})

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(12345)).toBe('12,345')
  })
})

describe('formatChinaDate', () => {
  it('gives the day in China, which may be the next UTC day', () => {
    expect(formatChinaDate('2026-12-04T16:30:00Z')).toBe('2026-12-05')
    expect(formatChinaDate('2026-12-04T15:59:59Z')).toBe('2026-12-04')
  })

  it('returns an empty string for an invalid date', () => {
    expect(formatChinaDate('soon')).toBe('')
  })
})

describe('formatPercent', () => {
  it.each([
    [0.425, 0, '43%'],
    [0.425, 1, '42.5%'],
    [1, 0, '100%'],
    [1.3, 0, '130%'],
    [0, 0, '0%'],
    [-0.004, 0, '0%'],
    [-0.25, 0, '-25%'],
  ])('%p with %p digits is %p', (ratio, digits, text) => {
    expect(formatPercent(ratio, digits)).toBe(text)
  })

  it('shows a dash for no share', () => {
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(NaN)).toBe('—')
    expect(formatPercent(Infinity)).toBe('—')
  })
})

describe('formatSigned', () => {
  it('puts a plus before a gain and groups thousands', () => {
    expect(formatSigned(1234)).toBe('+1,234')
    expect(formatSigned(-3)).toBe('-3')
    expect(formatSigned(0)).toBe('0')
  })
})
