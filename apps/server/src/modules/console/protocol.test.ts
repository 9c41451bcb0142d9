import {
  DEFAULT_PROTOCOL,
  mergeProtocol,
  SPECIES,
  type ProtocolOverrides,
} from '@petcare/domain'
import {
  PROTOCOL_LIMITS,
  protocolErrors,
  protocolRangeErrors,
} from './protocol'

const vaccines = SPECIES.flatMap((s) => DEFAULT_PROTOCOL.species[s].vaccines)
const deworming = SPECIES.flatMap((s) => DEFAULT_PROTOCOL.species[s].deworming)

describe('protocolRangeErrors', () => {
  it('finds every default of the protocol within its limits', () => {
    const overrides: ProtocolOverrides = {
      region: '默认',
      vaccines: Object.fromEntries(
        vaccines.map(({ id, name: _n, ...rest }) => [id, rest]),
      ),
      deworming: Object.fromEntries(
        deworming.map(({ id, name: _n, kind: _k, ...rest }) => [id, rest]),
      ),
    }
    expect(protocolRangeErrors(overrides)).toEqual([])
  })

  // A 999-month rabies booster was saved, as the domain only asks for
  // a positive whole number.
  it.each([
    [
      { booster: { kind: 'after_primary', months: 999 } },
      'booster.months',
      999,
      1,
      24,
    ],
    [{ revaccinationMonths: 0 }, 'revaccinationMonths', 0, 6, 60],
    [{ revaccinationMonths: 'abc' }, 'revaccinationMonths', 'abc', 6, 60],
    [{ revaccinationMonths: 12.5 }, 'revaccinationMonths', 12.5, 6, 60],
    [
      { booster: { kind: 'at_age', ageWeeks: 200 } },
      'booster.ageWeeks',
      200,
      12,
      78,
    ],
  ])('refuses %j, with the limits', (change, field, value, min, max) => {
    expect(
      protocolRangeErrors({
        region: '华东',
        vaccines: { 'dog-core-rabies': change as never },
      }),
    ).toEqual([
      {
        code: 'PROTOCOL_OUT_OF_RANGE',
        id: 'dog-core-rabies',
        field,
        value,
        min,
        max,
      },
    ])
  })

  it('checks deworming intervals and young phases, and added schedules', () => {
    const errors = protocolRangeErrors({
      region: '华东',
      deworming: {
        'dog-external': { adultIntervalMonths: 13 },
        'dog-internal': {
          youngPhases: [
            { untilAgeWeeks: 12, intervalWeeks: 2 },
            { untilAgeWeeks: 60, intervalWeeks: 4 },
          ],
        },
      },
    })
    expect(errors.map((e) => [e.id, e.field, e.min, e.max])).toEqual([
      ['dog-external', 'adultIntervalMonths', 1, 12],
      ['dog-internal', 'youngPhases.1.untilAgeWeeks', 4, 52],
    ])
    const rabies = vaccines.find((v) => v.id === 'dog-core-rabies')!
    const added = protocolRangeErrors({
      region: '华东',
      addVaccines: [
        {
          ...rabies,
          id: 'dog-local',
          species: 'dog',
          revaccinationMonths: 100,
        },
      ],
    })
    expect(added.map((e) => [e.id, e.field])).toEqual([
      ['dog-local', 'revaccinationMonths'],
    ])
    expect(PROTOCOL_LIMITS.deworming.adultIntervalMonths).toEqual({
      min: 1,
      max: 12,
    })
  })

  it('says a field once: with its limits rather than the domain’s bare refusal', () => {
    const overrides: ProtocolOverrides = {
      region: '华东',
      vaccines: { 'dog-core-rabies': { revaccinationMonths: 0 } },
    }
    const merged = mergeProtocol(DEFAULT_PROTOCOL, overrides)
    expect(merged.ok).toBe(false)
    const errors = protocolErrors(
      protocolRangeErrors(overrides),
      merged.ok ? [] : merged.errors,
    )
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'PROTOCOL_OUT_OF_RANGE',
        field: 'revaccinationMonths',
      }),
    ])
  })
})
