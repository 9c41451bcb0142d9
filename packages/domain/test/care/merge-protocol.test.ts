import {
  type CareProtocol,
  computeVaccineStatus,
  DEFAULT_PROTOCOL,
  mergeProtocol,
  type ProtocolOverrides,
  validateProtocol,
  type VaccineSchedule,
} from '../../src'

function merged(overrides: Omit<ProtocolOverrides, 'region'>): CareProtocol {
  const result = mergeProtocol(DEFAULT_PROTOCOL, {
    region: '上海',
    ...overrides,
  })
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors))
  }
  return result.protocol
}

const rabiesDog = (protocol: CareProtocol) =>
  protocol.species.dog.vaccines.find((v) => v.id === 'dog-core-rabies')!

const KENNEL_COUGH: VaccineSchedule = {
  id: 'dog-noncore-bordetella',
  name: { zh: '犬窝咳疫苗', en: 'Kennel cough (Bordetella)' },
  core: false,
  enabled: true,
  primary: {
    firstDoseAgeWeeks: 8,
    intervalWeeks: 4,
    minIntervalWeeks: 2,
    minDoses: 1,
    lastDoseMinAgeWeeks: 0,
  },
  adultStart: { fromAgeWeeks: 16, doses: 1, intervalWeeks: 4 },
  booster: { kind: 'after_primary', months: 12 },
  revaccinationMonths: 12,
}

describe('validateProtocol', () => {
  it('finds nothing wrong with the default protocol', () => {
    expect(validateProtocol(DEFAULT_PROTOCOL)).toEqual([])
  })
})

describe('mergeProtocol', () => {
  it('changes an interval for the region and leaves the base untouched', () => {
    const protocol = merged({
      vaccines: { 'dog-core-rabies': { revaccinationMonths: 36 } },
    })
    expect(protocol.name).toBe('WSAVA 2024 + CN · 上海')
    expect(rabiesDog(protocol).revaccinationMonths).toBe(36)
    expect(rabiesDog(DEFAULT_PROTOCOL).revaccinationMonths).toBe(12)
    expect(
      protocol.species.cat.vaccines.find((v) => v.id === 'cat-core-rabies')
        ?.revaccinationMonths,
    ).toBe(12)
  })

  it('schedules rabies 36 months after the booster once the region says so', () => {
    // Born 2022-01-10; rabies at 100 days (2022-04-20) ends the series, the
    // booster came 2023-04-18.
    const input = {
      species: 'dog' as const,
      birthDate: '2022-01-10',
      doses: ['2022-04-20', '2023-04-18'].map((givenAt) => ({
        vaccineId: 'dog-core-rabies',
        givenAt,
      })),
      today: '2026-01-15',
    }
    const rabies = (protocol: CareProtocol) =>
      computeVaccineStatus({ ...input, protocol }).statuses.find(
        (s) => s.vaccineId === 'dog-core-rabies',
      )

    // Default, 12 months: due 2024-04-18. To 2025-04-18 is 365 days; then
    // Apr 18 → Apr 30 = 12, + May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31,
    // Nov 30, Dec 31 = 257, + 15 = 272; 365 + 272 = 637 days late.
    expect(rabies(DEFAULT_PROTOCOL)).toMatchObject({
      nextDueAt: '2024-04-18',
      status: 'overdue',
      daysOverdue: 637,
    })
    // 36 months: 2023-04-18 + 36 months = 2026-04-18, 93 days ahead
    // (Jan 15 → 31 = 16, + 28 + 31 + 18).
    const override = merged({
      vaccines: { 'dog-core-rabies': { revaccinationMonths: 36 } },
    })
    expect(rabies(override)).toMatchObject({
      nextDueAt: '2026-04-18',
      reason: 'REVACCINATION',
      status: 'up_to_date',
    })
  })

  it('disables a non-core vaccine and adds one of its own', () => {
    const protocol = merged({
      vaccines: { 'dog-noncore-lepto': { enabled: false } },
      addVaccines: [{ species: 'dog', ...KENNEL_COUGH }],
    })
    const report = computeVaccineStatus({
      species: 'dog',
      birthDate: '2026-01-01',
      doses: [],
      today: '2026-01-10',
      protocol,
    })
    expect(report.statuses.map((s) => s.vaccineId)).toEqual([
      'dog-core-dhpp',
      'dog-core-rabies',
      'dog-noncore-bordetella',
    ])
  })

  it('merges nested fields one by one', () => {
    const protocol = merged({
      vaccines: { 'dog-core-dhpp': { primary: { firstDoseAgeWeeks: 8 } } },
    })
    const dhpp = protocol.species.dog.vaccines[0]!
    expect(dhpp.primary).toEqual({
      ...DEFAULT_PROTOCOL.species.dog.vaccines[0]!.primary,
      firstDoseAgeWeeks: 8,
    })
  })
})
