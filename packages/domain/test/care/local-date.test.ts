import {
  addDays,
  addMonths,
  addWeeks,
  diffDays,
  InvalidLocalDateError,
  isLocalDate,
} from '../../src'

describe('addDays', () => {
  it.each([
    // Jan 1 + 30 = Jan 31, + 26 more = Feb 26.
    ['2026-01-01', 56, '2026-02-26'],
    ['2026-12-31', 1, '2027-01-01'],
    // 2028 is a leap year, 2027 is not.
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    // Century years are leap only when divisible by 400.
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
  ])('moves %s by %i days to %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected)
  })

  it('rejects a date that does not exist', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(InvalidLocalDateError)
  })

  it('rejects a fractional number of days', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError)
  })
})

describe('addWeeks', () => {
  it.each([
    // 16 × 7 = 112 days: Jan 31 is day 30, Feb 28 day 58, Mar 31 day 89,
    // and 112 − 89 = 23 → Apr 23.
    ['2026-01-01', 16, '2026-04-23'],
    // 26 × 7 = 182: Apr 30 day 119, May 31 day 150, Jun 30 day 180 → Jul 2.
    ['2026-01-01', 26, '2026-07-02'],
    // 3 × 7 = 21: May 20 + 11 = May 31, + 10 = Jun 10.
    ['2023-05-20', 3, '2023-06-10'],
  ])('moves %s by %i weeks to %s', (date, weeks, expected) => {
    expect(addWeeks(date, weeks)).toBe(expected)
  })
})

describe('addMonths', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-08-31', -6, '2026-02-28'],
    ['2026-01-15', 36, '2029-01-15'],
    // A leap day a year on has no Feb 29, so it lands on Feb 28;
    // four years on, 2032 is leap again.
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
  ])('moves %s by %i months to %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected)
  })
})

describe('diffDays', () => {
  it.each([
    ['2026-01-01', '2026-07-02', 182],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
    ['2026-03-14', '2026-03-13', -1],
    ['1970-01-01', '1970-01-01', 0],
  ])('counts the days from %s to %s as %i', (from, to, days) => {
    expect(diffDays(from, to)).toBe(days)
  })
})

describe('isLocalDate', () => {
  it.each([
    ['2028-02-29', true],
    ['2026-12-31', true],
    ['2027-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    [20260101, false],
    [undefined, false],
  ])('reads %p as %p', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected)
  })
})
