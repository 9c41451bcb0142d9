import { vaccineStatusOf as statusOf, PUP_BORN } from './vaccine-status'

// Ages from PUP_BORN (2026-01-01) are worked out in ./vaccine-status.ts.
describe('computeVaccineStatus', () => {
  it.each([
    // 8/12/16 weeks ends the series at 16 weeks; the booster is the later of
    // 26 weeks (Jul 2) and 16 + 4 weeks (May 21). May 1 → Jul 2 is 62 days.
    [
      'a puppy vaccinated at 8, 12 and 16 weeks waits for the 26-week booster',
      ['2026-02-26', '2026-03-26', '2026-04-23'],
      '2026-05-01',
      ['2026-07-02', 'BOOSTER', 'up_to_date', undefined],
    ],
    // The 14-week dose cannot end the series. Next: the earlier of 14 + 4 =
    // 18 weeks and the later of 16 weeks and 14 + 2 weeks, i.e. 16 weeks
    // (Apr 23). Apr 25 is 2 days past, inside the 7-day grace.
    [
      'a dose at 14 weeks then nothing leaves the series due at 16 weeks',
      ['2026-04-09'],
      '2026-04-25',
      ['2026-04-23', 'PRIMARY_SERIES', 'due', undefined],
    ],
    // Same dose; Apr 23 → Apr 30 is 7 days, → May 10 is 10 more: 17.
    [
      'the same puppy is overdue a fortnight later',
      ['2026-04-09'],
      '2026-05-10',
      ['2026-04-23', 'PRIMARY_SERIES', 'overdue', 17],
    ],
    // 15 weeks is too young to end; 15 + 2 = 17 weeks (Apr 30) is the
    // earliest spacing, before 15 + 4 = 19 weeks. Apr 20 is 10 days before.
    [
      'a dose at 15 weeks is followed no sooner than 2 weeks later',
      ['2026-02-26', '2026-03-26', '2026-04-16'],
      '2026-04-20',
      ['2026-04-30', 'PRIMARY_SERIES', 'due_soon', undefined],
    ],
    // A dose at 20 weeks is before 26 weeks, so it is not the booster; the
    // booster is the later of 26 weeks (Jul 2) and 20 + 4 = 24 weeks.
    [
      'an extra dose at 20 weeks does not count as the 26-week booster',
      ['2026-02-26', '2026-03-26', '2026-04-23', '2026-05-21'],
      '2026-06-01',
      ['2026-07-02', 'BOOSTER', 'up_to_date', undefined],
    ],
    // Booster given on Jul 2: revaccination 36 months later.
    [
      'after the booster the next dose is 36 months later',
      ['2026-02-26', '2026-03-26', '2026-04-23', '2026-07-02'],
      '2026-08-01',
      ['2029-07-02', 'REVACCINATION', 'up_to_date', undefined],
    ],
    // 8 weeks, then nothing until 30 weeks: the late dose continues and ends
    // the series; it is past 26 weeks, so no booster: Jul 30 + 36 months.
    [
      'a late puppy dose continues the series instead of restarting it',
      ['2026-02-26', '2026-07-30'],
      '2026-08-01',
      ['2029-07-30', 'REVACCINATION', 'up_to_date', undefined],
    ],
  ])('%s', (_title, given, today, [nextDueAt, reason, status, late]) => {
    const doses = given.map((d): [string, string] => ['dog-core-dhpp', d])
    const result = statusOf('dog', PUP_BORN, doses, today, 'dog-core-dhpp')
    expect(result).toMatchObject({ nextDueAt, reason, status })
    expect(result.daysOverdue).toBe(late)
  })

  it('counts two records on the same day as one dose', () => {
    const doses: [string, string][] = [
      ['dog-core-dhpp', '2026-02-26'],
      ['dog-core-dhpp', '2026-02-26'],
    ]
    const status = statusOf(
      'dog',
      PUP_BORN,
      doses,
      '2026-03-01',
      'dog-core-dhpp',
    )
    // One dose at 8 weeks: next at 8 + 4 = 12 weeks (Mar 26).
    expect(status).toMatchObject({ dosesGiven: 1, nextDueAt: '2026-03-26' })
  })

  it.each([
    // Rabies at 10 weeks is redone at 12 weeks (Mar 26): the earlier of 10 +
    // 4 = 14 weeks and the later of 12 weeks and 10 + 2 = 12 weeks.
    [['2026-03-12'], '2026-03-20', '2026-03-26', 'PRIMARY_SERIES'],
    // Rabies at 16 weeks (Apr 23) ends the series; booster 12 months later.
    [['2026-04-23'], '2026-05-01', '2027-04-23', 'BOOSTER'],
  ])('schedules puppy rabies after %p', (given, today, nextDueAt, reason) => {
    const doses = given.map((d): [string, string] => ['dog-core-rabies', d])
    expect(
      statusOf('dog', PUP_BORN, doses, today, 'dog-core-rabies'),
    ).toMatchObject({ nextDueAt, reason })
  })

  it('gives leptospirosis its second dose a full interval later', () => {
    const doses: [string, string][] = [['dog-noncore-lepto', '2026-02-26']]
    // 8 weeks + 4 weeks = 12 weeks (Mar 26), not brought forward.
    expect(
      statusOf('dog', PUP_BORN, doses, '2026-03-01', 'dog-noncore-lepto'),
    ).toMatchObject({ nextDueAt: '2026-03-26', reason: 'PRIMARY_SERIES' })
  })

  it('marks an adult cat with a single core dose 3 years ago overdue', () => {
    // First dose at 3 years → adult start, 2 doses 3 weeks apart: the second
    // was due 2023-05-20 + 21 days = 2023-06-10. To 2026-05-20: 366 (to
    // 2024-05-20, over Feb 29) + 365 + 365 = 1096 days from May 20, less the
    // 21 days to Jun 10 = 1075.
    const doses: [string, string][] = [['cat-core-fvrcp', '2023-05-20']]
    const status = statusOf(
      'cat',
      '2020-03-10',
      doses,
      '2026-05-20',
      'cat-core-fvrcp',
    )
    expect(status).toMatchObject({
      nextDueAt: '2023-06-10',
      reason: 'ADULT_START',
      status: 'overdue',
      daysOverdue: 1075,
      dosesGiven: 1,
      lastGivenAt: '2023-05-20',
    })
  })

  it('waits 36 months after an adult cat finishes its two-dose start', () => {
    // Second dose 2023-06-10; 2023-06-10 + 36 months = 2026-06-10.
    const doses: [string, string][] = [
      ['cat-core-fvrcp', '2023-05-20'],
      ['cat-core-fvrcp', '2023-06-10'],
    ]
    const status = statusOf(
      'cat',
      '2020-03-10',
      doses,
      '2026-05-20',
      'cat-core-fvrcp',
    )
    // May 20 → May 31 is 11 days, → Jun 10 is 10 more: 21 > 14 days.
    expect(status).toMatchObject({
      nextDueAt: '2026-06-10',
      reason: 'REVACCINATION',
      status: 'up_to_date',
    })
  })

  it('takes one core dose as a full start for an adult dog', () => {
    // First dose at 4 years; one dose ends the adult start and, given after
    // 26 weeks, needs no booster: 2026-03-14 + 36 months = 2029-03-14.
    const doses: [string, string][] = [['dog-core-dhpp', '2026-03-14']]
    expect(
      statusOf('dog', '2022-01-10', doses, '2026-03-15', 'dog-core-dhpp'),
    ).toMatchObject({ nextDueAt: '2029-03-14', reason: 'REVACCINATION' })
  })

  it.each([
    // Adult dog, first rabies yesterday: booster 12 months after it.
    [['2026-03-14'], '2027-03-14', 'BOOSTER'],
    // Primary at 100 days old (Jan 10 + 21 + 28 + 31 + 20), booster a year
    // on, lapsed, redone yesterday: 12 months after yesterday.
    [['2022-04-20', '2023-04-18', '2026-03-14'], '2027-03-14', 'REVACCINATION'],
  ])(
    'keeps a dog vaccinated against rabies yesterday up to date (%p)',
    (given, nextDueAt, reason) => {
      const doses = given.map((d): [string, string] => ['dog-core-rabies', d])
      expect(
        statusOf('dog', '2022-01-10', doses, '2026-03-15', 'dog-core-rabies'),
      ).toMatchObject({ nextDueAt, reason, status: 'up_to_date' })
    },
  )

  it('puts a leap-day rabies dose due on Feb 28 the next year', () => {
    // 2028-02-29 + 12 months has no Feb 29 in 2029, so it clamps to Feb 28.
    const doses: [string, string][] = [
      ['dog-core-rabies', '2027-06-01'],
      ['dog-core-rabies', '2028-02-29'],
    ]
    expect(
      statusOf('dog', '2024-01-10', doses, '2028-03-01', 'dog-core-rabies'),
    ).toMatchObject({ nextDueAt: '2029-02-28', reason: 'REVACCINATION' })
  })
})
