import {
  type CareProtocol,
  type DewormingSchedule,
  SPECIES,
  type VaccineSchedule,
} from './protocol'

/** Why a protocol or a region's overrides cannot be used. */
export type ProtocolErrorCode =
  | 'PROTOCOL_UNKNOWN_ID'
  | 'PROTOCOL_UNKNOWN_FIELD'
  | 'PROTOCOL_DUPLICATE_ID'
  | 'PROTOCOL_INVALID_INTERVAL'
  | 'PROTOCOL_INVALID_AGE'
  | 'PROTOCOL_INVALID_DOSES'
  | 'PROTOCOL_INVALID_VALUE'
  | 'PROTOCOL_PHASES_OUT_OF_ORDER'
  | 'PROTOCOL_CORE_DISABLED'

/** One problem, with the schedule id and the dotted field it concerns. */
export interface ProtocolError {
  code: ProtocolErrorCode
  id: string
  field?: string
  value?: unknown
}

type Rule = 'age' | 'interval' | 'doses'

const RULE_CODES: Record<Rule, ProtocolErrorCode> = {
  age: 'PROTOCOL_INVALID_AGE',
  interval: 'PROTOCOL_INVALID_INTERVAL',
  doses: 'PROTOCOL_INVALID_DOSES',
}

const VACCINE_RULES: [string, Rule][] = [
  ['primary.firstDoseAgeWeeks', 'age'],
  ['primary.intervalWeeks', 'interval'],
  ['primary.minIntervalWeeks', 'interval'],
  ['primary.minDoses', 'doses'],
  ['primary.lastDoseMinAgeWeeks', 'age'],
  ['adultStart.fromAgeWeeks', 'age'],
  ['adultStart.doses', 'doses'],
  ['adultStart.intervalWeeks', 'interval'],
  ['revaccinationMonths', 'interval'],
]

const DEWORMING_RULES: [string, Rule][] = [
  ['firstAgeWeeks', 'age'],
  ['adultIntervalMonths', 'interval'],
]

/** Every problem in a protocol table: bad numbers, duplicate ids, core off. */
export function validateProtocol(protocol: CareProtocol): ProtocolError[] {
  const errors: ProtocolError[] = []
  const seen = new Set<string>()
  for (const species of SPECIES) {
    const { vaccines, deworming } = protocol.species[species]
    for (const { id } of [...vaccines, ...deworming]) {
      if (seen.has(id)) {
        errors.push({ code: 'PROTOCOL_DUPLICATE_ID', id })
      }
      seen.add(id)
    }
    vaccines.forEach((s) => errors.push(...checkVaccine(s)))
    deworming.forEach((s) => errors.push(...checkDeworming(s)))
  }
  return errors
}

function checkVaccine(s: VaccineSchedule): ProtocolError[] {
  const kind = read(s, 'booster.kind')
  const boosterRule: [string, Rule] | undefined =
    kind === 'at_age'
      ? ['booster.ageWeeks', 'age']
      : kind === 'after_primary'
        ? ['booster.months', 'interval']
        : undefined
  const errors = [
    ...checkCommon(s, ['core', 'enabled']),
    ...checkRules(
      s,
      boosterRule ? [...VACCINE_RULES, boosterRule] : VACCINE_RULES,
    ),
  ]
  if (!boosterRule) {
    errors.push(invalid(s, 'booster.kind'))
  }
  if (s.core === true && s.enabled === false) {
    errors.push({ code: 'PROTOCOL_CORE_DISABLED', id: s.id, field: 'enabled' })
  }
  return errors
}

function checkDeworming(s: DewormingSchedule): ProtocolError[] {
  const errors = [
    ...checkCommon(s, ['enabled']),
    ...checkRules(s, DEWORMING_RULES),
  ]
  if (s.kind !== 'internal' && s.kind !== 'external') {
    errors.push(invalid(s, 'kind'))
  }
  if (!Array.isArray(s.youngPhases)) {
    return [...errors, invalid(s, 'youngPhases')]
  }
  s.youngPhases.forEach((phase, i) => {
    const field = `youngPhases.${i}`
    errors.push(
      ...checkRules(s, [
        [`${field}.untilAgeWeeks`, 'age'],
        [`${field}.intervalWeeks`, 'interval'],
      ]),
    )
    const previous = s.youngPhases[i - 1]
    if (previous && !(phase.untilAgeWeeks > previous.untilAgeWeeks)) {
      errors.push({ code: 'PROTOCOL_PHASES_OUT_OF_ORDER', id: s.id, field })
    }
  })
  return errors
}

function checkCommon(s: { id: string }, flags: string[]): ProtocolError[] {
  const texts = ['id', 'name.zh', 'name.en'].filter((field) => {
    const value = read(s, field)
    return typeof value !== 'string' || value.trim() === ''
  })
  const wrongFlags = flags.filter((f) => typeof read(s, f) !== 'boolean')
  return [...texts, ...wrongFlags].map((field) => invalid(s, field))
}

function checkRules(s: { id: string }, rules: [string, Rule][]) {
  return rules
    .filter(([field, rule]) => {
      const value = read(s, field)
      return (
        !Number.isInteger(value) || Number(value) < (rule === 'age' ? 0 : 1)
      )
    })
    .map(([field, rule]) => ({
      code: RULE_CODES[rule],
      id: s.id,
      field,
      value: read(s, field),
    }))
}

function invalid(s: { id: string }, field: string): ProtocolError {
  return {
    code: 'PROTOCOL_INVALID_VALUE',
    id: s.id,
    field,
    value: read(s, field),
  }
}

function read(target: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      target,
    )
}
