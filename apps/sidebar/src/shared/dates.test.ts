/// <reference types="jest" />
import { addDays, ageParts, daysBetween, parseDay } from './dates'

describe('parseDay', () => {
  it('reads a calendar date', () => {
    expect(parseDay('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 })
  })

  it.each(['2026-02-30', '2026-13-01', '26-1-1', '2026-02-28T00:00:00Z', ''])(
    'refuses %p',
    (text) => {
      expect(parseDay(text)).toBeNull()
    },
  )
})

describe('daysBetween', () => {
  it('counts across months and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1)
    expect(daysBetween('2026-03-10', '2026-03-03')).toBe(-7)
  })

  it('is null for a date that is not one', () => {
    expect(daysBetween('yesterday', '2026-03-03')).toBeNull()
  })
})

describe('addDays', () => {
  it('moves across a year end', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2027-01-02', -3)).toBe('2026-12-30')
  })
})

describe('ageParts', () => {
  it.each([
    ['2024-03-05', '2026-06-05', { years: 2, months: 3, days: 0 }],
    ['2024-03-05', '2026-06-04', { years: 2, months: 2, days: 30 }],
    ['2026-05-20', '2026-06-04', { years: 0, months: 0, days: 15 }],
    ['2024-01-31', '2024-02-29', { years: 0, months: 0, days: 29 }],
    ['2023-12-31', '2024-02-29', { years: 0, months: 1, days: 29 }],
    ['2020-02-29', '2025-02-28', { years: 4, months: 11, days: 30 }],
    ['2026-06-04', '2026-06-04', { years: 0, months: 0, days: 0 }],
  ])('born %s, on %s', (birth, today, expected) => {
    expect(ageParts(birth, today)).toEqual(expected)
  })

  it('is null for a birth after today or an invalid date', () => {
    expect(ageParts('2026-06-05', '2026-06-04')).toBeNull()
    expect(ageParts('unknown', '2026-06-04')).toBeNull()
  })
})
