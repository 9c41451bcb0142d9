import {
  computeVaccineStatus,
  DEFAULT_PROTOCOL,
  InvalidLocalDateError,
  type VaccineDose,
} from '../../src'
import { vaccineStatusOf as statusOf, PUP_BORN } from './vaccine-status'

// Ages from PUP_BORN (2026-01-01) are worked out in ./vaccine-status.ts.
describe('computeVaccineStatus', () => {
  it.each([
    // Born Mar 1; 8 weeks = 56 days: Mar 31 is day 30, + 26 = Apr 26.
    // Mar 20 → Apr 26 is 11 + 26 = 37 days away.
    ['2026-03-20', 'cat-core-fvrcp', '2026-04-26', 'not_applicable'],
    // Apr 15 → Apr 26 is 11 days: inside the 14-day window.
    ['2026-04-15', 'cat-core-fvrcp', '2026-04-26', 'due_soon'],
    // 12 weeks = 84 days: Apr 30 is day 60, + 24 = May 24.
    ['2026-03-20', 'cat-core-rabies', '2026-05-24', 'not_applicable'],
  ])(
    'tells a kitten too young on %s when %s becomes due',
    (today, vaccineId, nextDueAt, status) => {
      expect(statusOf('cat', '2026-03-01', [], today, vaccineId)).toMatchObject(
        { nextDueAt, status, reason: 'TOO_YOUNG', dosesGiven: 0 },
      )
    },
  )

  it('shows a grown pet with no dose of a core vaccine as overdue since its first-dose age', () => {
    // Born 2020-03-10; rabies from 12 weeks = 84 days: Mar 31 is day 21,
    // Apr 30 day 51, May 31 day 82, + 2 = Jun 2. Jun 2 2020 → Jun 2 2026 is
    // 6 × 365 + 1 (Feb 29 2024) = 2191 days, less 13 (May 20 → Jun 2).
    expect(
      statusOf('cat', '2020-03-10', [], '2026-05-20', 'cat-core-rabies'),
    ).toMatchObject({
      nextDueAt: '2020-06-02',
      status: 'overdue',
      daysOverdue: 2178,
      reason: 'ADULT_START',
      lastGivenAt: null,
    })
  })

  it.each([
    // 小白, born 2026-08-05, never vaccinated, on 2026-12-04: the kitten
    // series starts at 8 weeks (Sep 30, 65 days ago), rabies at 12 (Oct 28,
    // 37 days ago). Regression: both were shown as a grey "not started".
    ['cat-core-fvrcp', '2026-09-30', 'overdue', 65],
    ['cat-core-rabies', '2026-10-28', 'overdue', 37],
  ])(
    'calls a kitten’s never-given core vaccine %s overdue from its first-dose age',
    (vaccineId, nextDueAt, status, daysOverdue) => {
      expect(
        statusOf('cat', '2026-08-05', [], '2026-12-04', vaccineId),
      ).toMatchObject({ nextDueAt, status, daysOverdue, dosesGiven: 0 })
    },
  )

  it('gives a core first dose the usual grace before it is overdue', () => {
    // Born 2026-08-05: 8 weeks is Sep 30; 7 days of grace end Oct 7.
    const on = (today: string) =>
      statusOf('cat', '2026-08-05', [], today, 'cat-core-fvrcp')
    expect(on('2026-09-30')).toMatchObject({ status: 'due' })
    expect(on('2026-10-07')).toMatchObject({ status: 'due' })
    expect(on('2026-10-08')).toMatchObject({
      status: 'overdue',
      daysOverdue: 8,
    })
  })

  it('leaves a non-core vaccine never started as not started, however old the pet', () => {
    // Leptospirosis is optional: a 7-year-old dog without it is not late.
    const lepto = statusOf(
      'dog',
      '2019-12-04',
      [],
      '2026-12-04',
      'dog-noncore-lepto',
    )
    expect(lepto).toMatchObject({
      status: 'not_started',
      nextDueAt: '2020-01-29',
      lastGivenAt: null,
    })
    expect(lepto.daysOverdue).toBeUndefined()
  })

  it.each([
    // The booster of the 8/12/16-week puppy is due 2026-07-02.
    ['2026-06-17', 'up_to_date', undefined], // 13 + 2 = 15 days ahead
    ['2026-06-18', 'due_soon', undefined], // 12 + 2 = 14 days ahead
    ['2026-07-02', 'due', undefined],
    ['2026-07-09', 'due', undefined], // 7 days late: last day of grace
    ['2026-07-10', 'overdue', 8],
  ])('judges the booster on %s as %s', (today, status, daysOverdue) => {
    const doses = ['2026-02-26', '2026-03-26', '2026-04-23'].map(
      (d): [string, string] => ['dog-core-dhpp', d],
    )
    const result = statusOf('dog', PUP_BORN, doses, today, 'dog-core-dhpp')
    expect(result.status).toBe(status)
    expect(result.daysOverdue).toBe(daysOverdue)
  })

  it('takes the due-soon and grace windows as parameters', () => {
    const doses = ['2026-02-26', '2026-03-26', '2026-04-23'].map(
      (d): [string, string] => ['dog-core-dhpp', d],
    )
    // Jun 1 → Jun 30 is 29 days, → Jul 2 is 31.
    const early = statusOf(
      'dog',
      PUP_BORN,
      doses,
      '2026-06-01',
      'dog-core-dhpp',
      {
        dueSoonDays: 31,
      },
    )
    const late = statusOf(
      'dog',
      PUP_BORN,
      doses,
      '2026-07-03',
      'dog-core-dhpp',
      {
        graceDays: 0,
      },
    )
    expect(early.status).toBe('due_soon')
    expect(late).toMatchObject({ status: 'overdue', daysOverdue: 1 })
  })

  it('lists every enabled vaccine of the species, in protocol order', () => {
    const report = computeVaccineStatus({
      species: 'cat',
      birthDate: '2026-03-01',
      doses: [],
      today: '2026-03-20',
      protocol: DEFAULT_PROTOCOL,
    })
    // FeLV is disabled in the default protocol.
    expect(report.statuses.map((s) => s.vaccineId)).toEqual([
      'cat-core-fvrcp',
      'cat-core-rabies',
    ])
  })

  it('ignores unknown, disabled, misdated and future doses, and reports each', () => {
    const doses: VaccineDose[] = [
      { vaccineId: 'dog-core-corona', givenAt: '2026-03-01' },
      { vaccineId: 'cat-core-fvrcp', givenAt: '2026-03-01' },
      { vaccineId: 'dog-core-dhpp', givenAt: '2026-02-30' },
      { vaccineId: 'dog-core-dhpp', givenAt: '2025-12-31' },
      { vaccineId: 'dog-core-dhpp', givenAt: '2026-05-01' },
      { vaccineId: 'dog-core-dhpp', givenAt: '2026-02-26', doseNumber: 1 },
    ]
    const report = computeVaccineStatus({
      species: 'dog',
      birthDate: PUP_BORN,
      doses,
      today: '2026-03-01',
      protocol: DEFAULT_PROTOCOL,
    })
    expect(report.ignoredDoses).toEqual([
      { record: doses[0], reason: 'UNKNOWN_ID' },
      { record: doses[1], reason: 'UNKNOWN_ID' },
      { record: doses[2], reason: 'INVALID_DATE' },
      { record: doses[3], reason: 'BEFORE_BIRTH' },
      { record: doses[4], reason: 'AFTER_TODAY' },
    ])
    const dhpp = report.statuses.find((s) => s.vaccineId === 'dog-core-dhpp')
    // Only the 8-week dose counts: next at 12 weeks (Mar 26).
    expect(dhpp).toMatchObject({ dosesGiven: 1, nextDueAt: '2026-03-26' })
  })

  it('reports a dose of a vaccine the region has disabled', () => {
    const report = computeVaccineStatus({
      species: 'cat',
      birthDate: '2026-01-01',
      doses: [{ vaccineId: 'cat-noncore-felv', givenAt: '2026-03-01' }],
      today: '2026-03-20',
      protocol: DEFAULT_PROTOCOL,
    })
    expect(report.ignoredDoses.map((d) => d.reason)).toEqual(['DISABLED'])
  })

  it('throws when the birth date is not a date', () => {
    const input = {
      species: 'dog' as const,
      birthDate: '2026-02-30',
      doses: [],
      today: '2026-03-01',
      protocol: DEFAULT_PROTOCOL,
    }
    expect(() => computeVaccineStatus(input)).toThrow(InvalidLocalDateError)
  })
})
