import {
  type AdultStart,
  type BoosterRule,
  type CareName,
  type CareProtocol,
  type DewormingPhase,
  type DewormingSchedule,
  type PrimarySeries,
  SPECIES,
  type Species,
  type SpeciesProtocol,
  type VaccineSchedule,
} from './protocol'
import { type ProtocolError, validateProtocol } from './validate-protocol'

/** Field changes a region makes to one vaccine schedule. */
export interface VaccineChange {
  name?: Partial<CareName>
  core?: boolean
  /** `false` turns a non-core vaccine off for the region. */
  enabled?: boolean
  primary?: Partial<PrimarySeries>
  adultStart?: Partial<AdultStart>
  /** Replaces the booster rule as a whole. */
  booster?: BoosterRule
  revaccinationMonths?: number
}

/** Field changes a region makes to one deworming schedule. */
export interface DewormingChange {
  name?: Partial<CareName>
  enabled?: boolean
  firstAgeWeeks?: number
  /** Replaces the young-animal phases as a whole. */
  youngPhases?: readonly DewormingPhase[]
  adultIntervalMonths?: number
}

/** What a region changes in a base protocol: edits by id, and additions. */
export interface ProtocolOverrides {
  /** The region's label, added to the protocol's name, e.g. `上海`. */
  region: string
  vaccines?: Readonly<Record<string, VaccineChange>>
  deworming?: Readonly<Record<string, DewormingChange>>
  addVaccines?: readonly (VaccineSchedule & { species: Species })[]
  addDeworming?: readonly (DewormingSchedule & { species: Species })[]
}

/** The merged protocol, or every problem found; never half a merge. */
export type MergeProtocolResult =
  { ok: true; protocol: CareProtocol } | { ok: false; errors: ProtocolError[] }

/**
 * Applies a region's overrides to a base protocol without touching the base.
 * All overrides are checked, then the merged table as a whole, and every
 * problem is returned together.
 */
export function mergeProtocol(
  base: CareProtocol,
  overrides: ProtocolOverrides,
): MergeProtocolResult {
  const errors: ProtocolError[] = []
  const draft = {
    dog: copySpecies(base.species.dog),
    cat: copySpecies(base.species.cat),
  }

  for (const [id, change] of Object.entries(overrides.vaccines ?? {})) {
    const at = locate(
      SPECIES.map((s) => draft[s].vaccines),
      id,
    )
    if (!at) {
      errors.push({ code: 'PROTOCOL_UNKNOWN_ID', id, field: 'vaccines' })
      continue
    }
    const { list, index, found } = at
    errors.push(...unknownFields(id, change, found))
    list[index] = {
      ...found,
      ...change,
      name: { ...found.name, ...change.name },
      primary: { ...found.primary, ...change.primary },
      adultStart: { ...found.adultStart, ...change.adultStart },
      booster: change.booster ?? found.booster,
      id,
    }
  }

  for (const [id, change] of Object.entries(overrides.deworming ?? {})) {
    const at = locate(
      SPECIES.map((s) => draft[s].deworming),
      id,
    )
    if (!at) {
      errors.push({ code: 'PROTOCOL_UNKNOWN_ID', id, field: 'deworming' })
      continue
    }
    const { list, index, found } = at
    errors.push(...unknownFields(id, change, found))
    const name = { ...found.name, ...change.name }
    list[index] = { ...found, ...change, name, id, kind: found.kind }
  }

  for (const { species, ...schedule } of overrides.addVaccines ?? []) {
    if (isSpecies(species, schedule.id, errors)) {
      draft[species].vaccines.push(schedule)
    }
  }
  for (const { species, ...schedule } of overrides.addDeworming ?? []) {
    if (isSpecies(species, schedule.id, errors)) {
      draft[species].deworming.push(schedule)
    }
  }

  const protocol = {
    name: `${base.name} · ${overrides.region}`,
    species: draft,
  }
  errors.push(...validateProtocol(protocol))
  return errors.length > 0 ? { ok: false, errors } : { ok: true, protocol }
}

// Overrides often come from a console form or JSON, where a misspelt field
// would otherwise be dropped without a word.
function unknownFields(
  id: string,
  change: object,
  template: object,
  prefix = '',
): ProtocolError[] {
  return Object.entries(change).flatMap(([key, value]) => {
    const field = `${prefix}${key}`
    const known = (template as Record<string, unknown>)[key]
    const fixed = prefix === '' && (key === 'id' || key === 'kind')
    if (known === undefined || fixed) {
      return [{ code: 'PROTOCOL_UNKNOWN_FIELD' as const, id, field, value }]
    }
    const nested = isRecord(value) && isRecord(known) && key !== 'booster'
    return nested ? unknownFields(id, value, known, `${field}.`) : []
  })
}

function isRecord(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

type Draft = Record<
  Species,
  { vaccines: VaccineSchedule[]; deworming: DewormingSchedule[] }
>

function copySpecies(p: SpeciesProtocol): Draft[Species] {
  return {
    vaccines: p.vaccines.map((s) => structuredClone(s)),
    deworming: p.deworming.map((s) => structuredClone(s)),
  }
}

function locate<T extends { id: string }>(lists: T[][], id: string) {
  for (const list of lists) {
    const index = list.findIndex((s) => s.id === id)
    const found = list[index]
    if (found) {
      return { list, index, found }
    }
  }
  return undefined
}

function isSpecies(
  species: unknown,
  id: string,
  errors: ProtocolError[],
): species is Species {
  if (SPECIES.includes(species as Species)) {
    return true
  }
  errors.push({
    code: 'PROTOCOL_INVALID_VALUE',
    id,
    field: 'species',
    value: species,
  })
  return false
}
