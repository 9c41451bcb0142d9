import {
  computeDewormingStatus,
  DEFAULT_PROTOCOL,
  type DewormingStatusInput,
  type DewormingTreatment,
  mergeProtocol,
} from '../../src'

function report(input: Partial<DewormingStatusInput>) {
  return computeDewormingStatus({
    species: 'dog',
    birthDate: '2026-01-01',
    treatments: [],
    today: '2026-04-01',
    protocol: DEFAULT_PROTOCOL,
    ...input,
  })
}

function byKind(input: Partial<DewormingStatusInput>) {
  const { statuses } = report(input)
  return {
    internal: statuses.find((s) => s.kind === 'internal')!,
    external: statuses.find((s) => s.kind === 'external')!,
  }
}

describe('computeDewormingStatus', () => {
  it('keeps a 3-month-old puppy on the young intervals', () => {
    // Born 2026-01-01: 8 weeks = Feb 26, 10 weeks = 70 days = Mar 12.
    // Today Apr 1 is 90 days old (31 + 28 + 31), about 13 weeks.
    const { internal, external } = byKind({
      treatments: [
        { kinds: ['internal'], givenAt: '2026-02-26' },
        { kinds: ['internal'], givenAt: '2026-03-12' },
        { kinds: ['external'], givenAt: '2026-03-12' },
      ],
    })
    // Last worming at 10 weeks, under 12: every 2 weeks, Mar 12 + 14 =
    // Mar 26. Mar 26 → Apr 1 is 6 days late, inside the 7-day grace.
    expect(internal).toMatchObject({
      nextDueAt: '2026-03-26',
      status: 'due',
      reason: 'YOUNG_INTERVAL',
      treatmentsGiven: 2,
      lastGivenAt: '2026-03-12',
    })
    // External has no young phase: monthly, Mar 12 → Apr 12, 11 days away.
    expect(external).toMatchObject({
      nextDueAt: '2026-04-12',
      status: 'due_soon',
      reason: 'ADULT_INTERVAL',
    })
  })

  it.each([
    // 10 weeks (70 d < 84 d): 2-week phase, Mar 12 + 14 = Mar 26.
    ['2026-03-12', '2026-03-26', 'YOUNG_INTERVAL'],
    // Exactly 12 weeks (84 d) is in the next phase, 4 weeks:
    // Mar 26 + 5 = Mar 31, + 23 = Apr 23.
    ['2026-03-26', '2026-04-23', 'YOUNG_INTERVAL'],
    // 26 weeks (Jul 2) is past the young phases: 3 months, Oct 2.
    ['2026-07-02', '2026-10-02', 'ADULT_INTERVAL'],
  ])(
    'sets the puppy interval by its age at the last worming (%s)',
    (givenAt, nextDueAt, reason) => {
      const { internal } = byKind({
        treatments: [{ kinds: ['internal'], givenAt }],
        today: '2026-07-02',
      })
      expect(internal).toMatchObject({ nextDueAt, reason })
    },
  )

  it('puts an adult cat on 3-monthly worming and monthly flea control', () => {
    const { internal, external } = byKind({
      species: 'cat',
      birthDate: '2020-03-10',
      today: '2026-04-10',
      treatments: [
        // A combined spot-on covers both kinds.
        { kinds: ['internal', 'external'], givenAt: '2025-12-01' },
        { kinds: ['external'], givenAt: '2026-03-20', product: '福来恩' },
      ],
    })
    // 2025-12-01 + 3 months = 2026-03-01; to Apr 10 is 30 + 10 = 40 days.
    expect(internal).toMatchObject({
      nextDueAt: '2026-03-01',
      status: 'overdue',
      daysOverdue: 40,
      reason: 'ADULT_INTERVAL',
      treatmentsGiven: 1,
    })
    // 2026-03-20 + 1 month = Apr 20, 10 days after Apr 10.
    expect(external).toMatchObject({
      nextDueAt: '2026-04-20',
      status: 'due_soon',
      treatmentsGiven: 2,
    })
  })

  it('clamps a monthly treatment on Jan 31 to the end of February', () => {
    const { external } = byKind({
      species: 'cat',
      birthDate: '2020-03-10',
      today: '2026-02-20',
      treatments: [{ kinds: ['external'], givenAt: '2026-01-31' }],
    })
    // Feb 20 → Feb 28 is 8 days.
    expect(external).toMatchObject({
      nextDueAt: '2026-02-28',
      status: 'due_soon',
    })
  })

  it('tells a newborn kitten when each kind of treatment starts', () => {
    const { internal, external } = byKind({
      species: 'cat',
      birthDate: '2026-03-01',
      today: '2026-03-10',
    })
    // 3 weeks: Mar 1 + 21 = Mar 22, 12 days after Mar 10.
    expect(internal).toMatchObject({
      nextDueAt: '2026-03-22',
      status: 'due_soon',
      reason: 'TOO_YOUNG',
    })
    // 8 weeks: Mar 1 + 30 = Mar 31, + 26 = Apr 26, 47 days away.
    expect(external).toMatchObject({
      nextDueAt: '2026-04-26',
      status: 'not_applicable',
      reason: 'TOO_YOUNG',
    })
  })

  it('shows a grown cat never treated as overdue since its first treatment age', () => {
    const { internal } = byKind({
      species: 'cat',
      birthDate: '2020-03-10',
      today: '2026-04-10',
    })
    // 3 weeks after birth: Mar 10 + 21 = Mar 31. Mar 31 2020 → Mar 31 2026
    // is 6 × 365 + 1 (Feb 29 2024) = 2191 days, + 10 to Apr 10.
    expect(internal).toMatchObject({
      nextDueAt: '2020-03-31',
      status: 'overdue',
      daysOverdue: 2201,
      reason: 'ADULT_INTERVAL',
      lastGivenAt: null,
    })
  })

  it('reports treatments it cannot use and ignores them', () => {
    const treatments: DewormingTreatment[] = [
      { kinds: [], givenAt: '2026-03-01' },
      { kinds: ['internal'], givenAt: '2026-02-31' },
      { kinds: ['internal'], givenAt: '2026-05-01' },
      { kinds: ['internal'], givenAt: '2025-12-01' },
    ]
    const { ignoredTreatments, statuses } = report({ treatments })
    expect(ignoredTreatments).toEqual([
      { record: treatments[0], reason: 'UNKNOWN_KIND' },
      { record: treatments[1], reason: 'INVALID_DATE' },
      { record: treatments[2], reason: 'AFTER_TODAY' },
      { record: treatments[3], reason: 'BEFORE_BIRTH' },
    ])
    expect(statuses.every((s) => s.treatmentsGiven === 0)).toBe(true)
  })

  it('leaves out a schedule the region disabled and reports its treatments', () => {
    const merged = mergeProtocol(DEFAULT_PROTOCOL, {
      region: 'test',
      deworming: { 'dog-external': { enabled: false } },
    })
    if (!merged.ok) {
      throw new Error('the override should merge')
    }
    const result = report({
      protocol: merged.protocol,
      treatments: [{ kinds: ['external'], givenAt: '2026-03-01' }],
    })
    expect(result.statuses.map((s) => s.scheduleId)).toEqual(['dog-internal'])
    expect(result.ignoredTreatments[0]?.reason).toBe('DISABLED')
  })
})
