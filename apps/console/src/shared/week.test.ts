/// <reference types="jest" />
import {
  chinaDay,
  currentMonth,
  currentWeek,
  daysBetween,
  isDay,
  isoWeekOfDay,
  isWeek,
  monthsBetween,
  parseWeek,
  recentWeeks,
  shiftDay,
  shiftMonth,
  shiftWeek,
  weekDays,
  weekdayOf,
  weeksBetween,
  weeksInYear,
} from './week'

describe('isoWeekOfDay', () => {
  it.each([
    // Weeks belong to the year of their Thursday.
    ['2026-12-07', '2026-W50'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-01-01', '2026-W01'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
    ['2028-01-02', '2027-W52'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeekOfDay(day)).toBe(week)
  })

  it('refuses a day that does not exist', () => {
    expect(() => isoWeekOfDay('2026-02-30')).toThrow(RangeError)
    expect(() => isoWeekOfDay('2026-W01')).toThrow(RangeError)
  })
})

describe('weeksInYear', () => {
  it.each([
    [2020, 53],
    [2021, 52],
    [2025, 52],
    [2026, 53],
    [2027, 52],
    [2032, 53],
  ])('%i has %i weeks', (year, weeks) => {
    expect(weeksInYear(year)).toBe(weeks)
  })
})

describe('parseWeek', () => {
  it('accepts a week the year has and refuses one it has not', () => {
    expect(parseWeek('2026-W53')).toEqual({ year: 2026, week: 53 })
    expect(parseWeek('2027-W53')).toBeNull()
    expect(parseWeek('2026-W00')).toBeNull()
    expect(parseWeek('2026-W7')).toBeNull()
    expect(isWeek('2026-w07')).toBe(false)
    expect(isWeek(null)).toBe(false)
  })
})

describe('weekDays', () => {
  it('gives Monday and Sunday', () => {
    expect(weekDays('2026-W49')).toEqual({
      from: '2026-11-30',
      to: '2026-12-06',
    })
    expect(weekDays('2026-W53')).toEqual({
      from: '2026-12-28',
      to: '2027-01-03',
    })
    expect(weekDays('2026-W01')).toEqual({
      from: '2025-12-29',
      to: '2026-01-04',
    })
  })

  it('round-trips every week of a few years', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      for (let w = 1; w <= weeksInYear(year); w++) {
        const week = `${year}-W${String(w).padStart(2, '0')}`
        const { from, to } = weekDays(week)
        expect([week, isoWeekOfDay(from), isoWeekOfDay(to)]).toEqual([
          week,
          week,
          week,
        ])
      }
    }
  })
})

describe('shiftWeek', () => {
  it('crosses year ends, with and without a week 53', () => {
    expect(shiftWeek('2026-W52', 1)).toBe('2026-W53')
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01')
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53')
    expect(shiftWeek('2027-W52', 1)).toBe('2028-W01')
    expect(shiftWeek('2026-W50', -8)).toBe('2026-W42')
    expect(shiftWeek('2026-W10', 0)).toBe('2026-W10')
  })

  it('counts weeks between two weeks', () => {
    expect(weeksBetween('2026-W50', '2027-W01')).toBe(4)
    expect(weeksBetween('2027-W01', '2026-W50')).toBe(-4)
  })

  it('lists recent weeks newest first', () => {
    expect(recentWeeks('2027-W02', 3)).toEqual([
      '2027-W02',
      '2027-W01',
      '2026-W53',
    ])
  })
})

describe('currentWeek in China time', () => {
  it('is already Monday in Shanghai on Sunday evening in UTC', () => {
    // 2027-01-03 16:30 UTC = Monday 2027-01-04 00:30 in China.
    const instant = new Date('2027-01-03T16:30:00Z')
    expect(chinaDay(instant)).toBe('2027-01-04')
    expect(currentWeek(instant)).toBe('2027-W01')
  })

  it('is still Sunday in Shanghai a minute before midnight', () => {
    expect(currentWeek(new Date('2027-01-03T15:59:00Z'))).toBe('2026-W53')
  })
})

describe('months', () => {
  it('shifts across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-06', -18)).toBe('2024-12')
  })

  it('takes the month in China', () => {
    expect(currentMonth(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12')
  })

  it('lists months inclusively, and none for a reversed range', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ])
    expect(monthsBetween('2026-03', '2026-02')).toEqual([])
  })
})

describe('days', () => {
  it('moves a day across month and year ends', () => {
    expect(shiftDay('2026-12-30', 3)).toBe('2027-01-02')
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28')
    expect(() => shiftDay('2026-02-30', 1)).toThrow(RangeError)
  })

  it('knows a real day, its weekday and the days between two', () => {
    expect(isDay('2026-12-09')).toBe(true)
    expect(isDay('2026-13-01')).toBe(false)
    expect(weekdayOf('2026-12-09')).toBe(3)
    expect(weekdayOf('2026-12-13')).toBe(7)
    expect(daysBetween('2026-12-01', '2026-12-01')).toBe(1)
    expect(daysBetween('2026-11-10', '2026-12-09')).toBe(30)
  })
})
