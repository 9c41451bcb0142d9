import {
  DEFAULT_PROTOCOL,
  mergeProtocol,
  type ProtocolOverrides,
} from '../../src'

function errorsOf(overrides: Omit<ProtocolOverrides, 'region'>) {
  const result = mergeProtocol(DEFAULT_PROTOCOL, {
    region: '上海',
    ...overrides,
  })
  return result.ok ? [] : result.errors
}

const CAT_CORE = DEFAULT_PROTOCOL.species.cat.vaccines[0]!

describe('mergeProtocol', () => {
  it.each([
    [
      'a negative interval',
      { vaccines: { 'dog-core-rabies': { revaccinationMonths: -12 } } },
      {
        code: 'PROTOCOL_INVALID_INTERVAL',
        id: 'dog-core-rabies',
        field: 'revaccinationMonths',
        value: -12,
      },
    ],
    [
      'a zero interval in a young phase',
      {
        deworming: {
          'cat-internal': {
            youngPhases: [{ untilAgeWeeks: 9, intervalWeeks: 0 }],
          },
        },
      },
      {
        code: 'PROTOCOL_INVALID_INTERVAL',
        id: 'cat-internal',
        field: 'youngPhases.0.intervalWeeks',
        value: 0,
      },
    ],
    [
      'an unknown id',
      { vaccines: { 'dog-core-rabbies': { revaccinationMonths: 12 } } },
      {
        code: 'PROTOCOL_UNKNOWN_ID',
        id: 'dog-core-rabbies',
        field: 'vaccines',
      },
    ],
    [
      'a vaccine id given as a deworming id',
      { deworming: { 'dog-core-rabies': { enabled: false } } },
      {
        code: 'PROTOCOL_UNKNOWN_ID',
        id: 'dog-core-rabies',
        field: 'deworming',
      },
    ],
    [
      'a misspelt field',
      { vaccines: { 'dog-core-rabies': { revaccinationMonth: 36 } } },
      {
        code: 'PROTOCOL_UNKNOWN_FIELD',
        id: 'dog-core-rabies',
        field: 'revaccinationMonth',
        value: 36,
      },
    ],
    [
      'a misspelt nested field',
      { vaccines: { 'dog-core-dhpp': { primary: { firstDoseWeeks: 8 } } } },
      {
        code: 'PROTOCOL_UNKNOWN_FIELD',
        id: 'dog-core-dhpp',
        field: 'primary.firstDoseWeeks',
        value: 8,
      },
    ],
    [
      'a core vaccine switched off',
      { vaccines: { 'cat-core-rabies': { enabled: false } } },
      {
        code: 'PROTOCOL_CORE_DISABLED',
        id: 'cat-core-rabies',
        field: 'enabled',
      },
    ],
    [
      'an added id that already exists',
      // The cat core vaccine, added again under dogs.
      { addVaccines: [{ ...CAT_CORE, species: 'dog' }] },
      { code: 'PROTOCOL_DUPLICATE_ID', id: 'cat-core-fvrcp' },
    ],
    [
      'young phases out of order',
      {
        deworming: {
          'dog-internal': {
            youngPhases: [
              { untilAgeWeeks: 26, intervalWeeks: 4 },
              { untilAgeWeeks: 12, intervalWeeks: 2 },
            ],
          },
        },
      },
      {
        code: 'PROTOCOL_PHASES_OUT_OF_ORDER',
        id: 'dog-internal',
        field: 'youngPhases.1',
      },
    ],
    [
      'an unknown booster kind',
      {
        vaccines: {
          'dog-core-dhpp': { booster: { kind: 'yearly', months: 12 } },
        },
      },
      {
        code: 'PROTOCOL_INVALID_VALUE',
        id: 'dog-core-dhpp',
        field: 'booster.kind',
        value: 'yearly',
      },
    ],
  ])('rejects %s', (_title, overrides, error) => {
    expect(errorsOf(overrides as Omit<ProtocolOverrides, 'region'>)).toEqual([
      error,
    ])
  })

  it('reports every problem at once and returns no protocol', () => {
    const result = mergeProtocol(DEFAULT_PROTOCOL, {
      region: '上海',
      vaccines: {
        'dog-core-rabies': { revaccinationMonths: -1 },
        'dog-core-unknown': { enabled: false },
      },
      addDeworming: [
        {
          species: 'rabbit' as 'dog',
          id: 'rabbit-internal',
          kind: 'internal',
          name: { zh: '体内驱虫', en: 'Internal parasites' },
          enabled: true,
          firstAgeWeeks: 4,
          youngPhases: [],
          adultIntervalMonths: 3,
        },
      ],
    })
    expect(result.ok).toBe(false)
    expect('protocol' in result).toBe(false)
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual([
      'PROTOCOL_UNKNOWN_ID',
      'PROTOCOL_INVALID_VALUE',
      'PROTOCOL_INVALID_INTERVAL',
    ])
  })
})
