import {
  addIsoWeeks,
  chinaWeekSeconds,
  isIsoWeek,
  isoWeekDays,
  isoWeekOf,
  mondayOf,
  weeksInYear,
} from '../src'

describe('ISO weeks', () => {
  // Worked from a calendar: ISO weeks begin on Monday; week 1 holds the
  // year's first Thursday.
  it.each([
    ['2026-12-04', '2026-W49'],
    ['2026-11-30', '2026-W49'],
    ['2026-12-06', '2026-W49'],
    ['2026-12-07', '2026-W50'],
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week)
  })

  it('knows the long years', () => {
    expect([2020, 2021, 2025, 2026, 2027].map(weeksInYear)).toEqual([
      53, 52, 52, 53, 52,
    ])
    expect(isIsoWeek('2026-W53')).toBe(true)
    expect(isIsoWeek('2027-W53')).toBe(false)
    // Years whose dates the calendar arithmetic supports, and no others
    // (year 1 once threw from inside this check).
    for (const week of ['0001-W01', '0999-W52', '1899-W52', '2999-W01']) {
      expect([week, isIsoWeek(week)]).toEqual([week, false])
    }
    expect(isIsoWeek('1900-W01')).toBe(true)
    expect(isIsoWeek('2998-W52')).toBe(true)
    expect(isIsoWeek('2026-W00')).toBe(false)
    expect(isIsoWeek('2026-49')).toBe(false)
  })

  it('gives a week its Monday and Sunday, and steps across years', () => {
    expect(isoWeekDays('2026-W49')).toEqual({
      from: '2026-11-30',
      to: '2026-12-06',
    })
    expect(isoWeekDays('2026-W01').from).toBe('2025-12-29')
    expect(addIsoWeeks('2026-W53', 1)).toBe('2027-W01')
    expect(addIsoWeeks('2027-W01', -1)).toBe('2026-W53')
    expect(addIsoWeeks('2026-W49', -8)).toBe('2026-W41')
    expect(mondayOf('2026-12-06')).toBe('2026-11-30')
  })

  it('starts a week at midnight in China, not in UTC', () => {
    const { start, end } = chinaWeekSeconds('2026-W49')
    expect(new Date(start * 1000).toISOString()).toBe(
      '2026-11-29T16:00:00.000Z',
    )
    expect(end - start).toBe(7 * 86_400)
    expect(() => chinaWeekSeconds('2026-W60')).toThrow(RangeError)
  })
})
