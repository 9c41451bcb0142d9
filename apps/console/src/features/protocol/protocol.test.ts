/// <reference types="jest" />
import {
  type CareProtocol,
  diffEdits,
  editProblems,
  editsOf,
  hasChanges,
  mergeOverrides,
  overriddenFields,
  protocolErrors,
  scheduleName,
  serverProblemAt,
  type VaccineSchedule,
} from './protocol'

function vaccine(over: Partial<VaccineSchedule>): VaccineSchedule {
  return {
    id: 'dog-rabies',
    name: { zh: '狂犬病疫苗', en: 'Rabies' },
    core: true,
    enabled: true,
    primary: {
      firstDoseAgeWeeks: 12,
      intervalWeeks: 4,
      minIntervalWeeks: 2,
      minDoses: 1,
      lastDoseMinAgeWeeks: 12,
    },
    adultStart: { fromAgeWeeks: 16, doses: 1, intervalWeeks: 4 },
    booster: { kind: 'after_primary', months: 12 },
    revaccinationMonths: 12,
    ...over,
  }
}

const protocol: CareProtocol = {
  name: 'WSAVA',
  species: {
    dog: {
      vaccines: [
        vaccine({}),
        vaccine({
          id: 'dog-core-dhpp',
          name: { zh: '犬四联', en: 'DHPP' },
          booster: { kind: 'at_age', ageWeeks: 26 },
          revaccinationMonths: 36,
        }),
        vaccine({
          id: 'dog-lepto',
          name: { zh: '钩端螺旋体', en: 'Lepto' },
          core: false,
        }),
      ],
      deworming: [
        {
          id: 'dog-internal',
          kind: 'internal',
          name: { zh: '体内驱虫', en: 'Worms' },
          enabled: true,
          firstAgeWeeks: 2,
          youngPhases: [{ untilAgeWeeks: 12, intervalWeeks: 2 }],
          adultIntervalMonths: 3,
        },
      ],
    },
    cat: { vaccines: [], deworming: [] },
  },
}

describe('protocol edits', () => {
  it('starts from the values shown, with a booster to edit only after the course', () => {
    const edits = editsOf(protocol)
    expect(edits.vaccines['dog-rabies']).toEqual({
      revaccinationMonths: '12',
      boosterMonths: '12',
      enabled: true,
    })
    expect(edits.vaccines['dog-core-dhpp']!.boosterMonths).toBeNull()
    expect(edits.deworming['dog-internal']).toEqual({
      adultIntervalMonths: '3',
    })
  })

  it('sends nothing when nothing changed', () => {
    const changes = diffEdits(protocol, editsOf(protocol))
    expect(changes).toEqual({ vaccines: {}, deworming: {} })
    expect(hasChanges(changes)).toBe(false)
  })

  it('sends only the changed fields of the changed schedules', () => {
    const edits = editsOf(protocol)
    edits.vaccines['dog-rabies']!.boosterMonths = ' 6 '
    edits.vaccines['dog-core-dhpp']!.revaccinationMonths = '12'
    edits.vaccines['dog-lepto']!.enabled = false
    edits.deworming['dog-internal']!.adultIntervalMonths = '1'
    expect(diffEdits(protocol, edits)).toEqual({
      vaccines: {
        'dog-rabies': { booster: { kind: 'after_primary', months: 6 } },
        'dog-core-dhpp': { revaccinationMonths: 12 },
        'dog-lepto': { enabled: false },
      },
      deworming: { 'dog-internal': { adultIntervalMonths: 1 } },
    })
  })

  it('never turns a core vaccine off', () => {
    const edits = editsOf(protocol)
    edits.vaccines['dog-rabies']!.enabled = false
    expect(hasChanges(diffEdits(protocol, edits))).toBe(false)
  })

  // A 999-month rabies booster was saved, and "abc" was outlined in red
  // with no word: each field now says what it takes.
  it('asks for whole numbers within the server’s limits, field by field', () => {
    const limits = {
      vaccine: {
        revaccinationMonths: { min: 6, max: 60 },
        'booster.months': { min: 1, max: 24 },
      },
      deworming: { adultIntervalMonths: { min: 1, max: 12 } },
    }
    const edits = editsOf(protocol)
    edits.vaccines['dog-rabies']!.revaccinationMonths = '0'
    edits.vaccines['dog-rabies']!.boosterMonths = '999'
    edits.vaccines['dog-lepto']!.boosterMonths = 'abc'
    edits.deworming['dog-internal']!.adultIntervalMonths = '12'
    expect(Object.fromEntries(editProblems(edits, limits))).toEqual({
      'dog-rabies/revaccinationMonths': {
        kind: 'range',
        limit: { min: 6, max: 60 },
      },
      'dog-rabies/booster.months': {
        kind: 'range',
        limit: { min: 1, max: 24 },
      },
      'dog-lepto/booster.months': {
        kind: 'not_whole',
        limit: { min: 1, max: 24 },
      },
    })
    // Without limits from the server, only whole numbers are asked for.
    edits.deworming['dog-internal']!.adultIntervalMonths = ''
    expect([...editProblems(edits, null).keys()]).toEqual([
      'dog-lepto/booster.months',
      'dog-internal/adultIntervalMonths',
    ])
  })

  it('finds the server’s refusal of a field, a booster rule as its months', () => {
    const problems = [
      { code: 'PROTOCOL_INVALID_VALUE', id: 'dog-lepto', field: 'booster' },
      {
        code: 'PROTOCOL_OUT_OF_RANGE',
        id: 'dog-rabies',
        field: 'revaccinationMonths',
        min: 6,
        max: 60,
      },
    ]
    expect(serverProblemAt(problems, 'dog-rabies', 'revaccinationMonths')).toBe(
      problems[1],
    )
    expect(serverProblemAt(problems, 'dog-lepto', 'booster.months')).toBe(
      problems[0],
    )
    expect(serverProblemAt(problems, 'dog-rabies', 'booster.months')).toBeNull()
  })
})

describe('the overrides sent', () => {
  const changes = {
    vaccines: { 'dog-rabies': { revaccinationMonths: 24 } },
    deworming: {},
  }

  it('are the changes under the region name when there were none', () => {
    expect(mergeOverrides(null, '华东大区', changes)).toEqual({
      region: '华东大区',
      vaccines: { 'dog-rabies': { revaccinationMonths: 24 } },
    })
  })

  it('keep the region’s earlier changes and additions beside the new ones', () => {
    const existing = {
      region: '华东',
      vaccines: {
        'dog-rabies': { booster: { kind: 'after_primary', months: 6 } },
      },
      deworming: { 'dog-internal': { adultIntervalMonths: 1 } },
      addVaccines: [{ id: 'dog-kc' }],
    }
    expect(mergeOverrides(existing, '华东大区', changes)).toEqual({
      region: '华东大区',
      vaccines: {
        'dog-rabies': {
          booster: { kind: 'after_primary', months: 6 },
          revaccinationMonths: 24,
        },
      },
      deworming: { 'dog-internal': { adultIntervalMonths: 1 } },
      addVaccines: [{ id: 'dog-kc' }],
    })
  })

  it('mark the fields a region changed', () => {
    expect([
      ...overriddenFields({
        region: 'x',
        vaccines: { 'dog-rabies': { revaccinationMonths: 24 } },
        deworming: { 'dog-internal': { adultIntervalMonths: 1 } },
      }),
    ]).toEqual([
      'dog-rabies/revaccinationMonths',
      'dog-internal/adultIntervalMonths',
    ])
    expect(overriddenFields(null).size).toBe(0)
  })
})

describe('a 400’s problems', () => {
  it('are read from details.errors, skipping what is not one', () => {
    const error = {
      code: 'PROTOCOL_INVALID_INTERVAL',
      id: 'dog-rabies',
      field: 'revaccinationMonths',
      value: 0,
    }
    expect(protocolErrors({ errors: [error, { nope: 1 }, null] })).toEqual([
      error,
    ])
    expect(protocolErrors(null)).toEqual([])
    expect(protocolErrors({ errors: 'x' })).toEqual([])
  })

  it('name the schedule in Chinese', () => {
    expect(scheduleName(protocol, 'dog-internal')).toBe('体内驱虫')
    expect(scheduleName(protocol, 'cat-x')).toBe('cat-x')
  })
})
