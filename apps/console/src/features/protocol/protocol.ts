/**
 * A region's vaccine and deworming protocol as the console reads and edits
 * it. The types are the few of @petcare/domain's care protocol
 * (packages/domain/src/care/protocol.ts, merge-protocol.ts) the page needs,
 * declared here so the console does not depend on the domain package.
 */

export type Species = 'dog' | 'cat'
export const SPECIES: readonly Species[] = ['dog', 'cat']

export interface CareName {
  zh: string
  en: string
}

export type BoosterRule =
  | { kind: 'at_age'; ageWeeks: number }
  | { kind: 'after_primary'; months: number }

export interface VaccineSchedule {
  id: string
  name: CareName
  core: boolean
  enabled: boolean
  primary: {
    firstDoseAgeWeeks: number
    intervalWeeks: number
    minIntervalWeeks: number
    minDoses: number
    lastDoseMinAgeWeeks: number
  }
  adultStart: { fromAgeWeeks: number; doses: number; intervalWeeks: number }
  booster: BoosterRule
  revaccinationMonths: number
}

export interface DewormingSchedule {
  id: string
  kind: 'internal' | 'external'
  name: CareName
  enabled: boolean
  firstAgeWeeks: number
  youngPhases: readonly { untilAgeWeeks: number; intervalWeeks: number }[]
  adultIntervalMonths: number
}

export interface CareProtocol {
  name: string
  species: Record<
    Species,
    {
      vaccines: readonly VaccineSchedule[]
      deworming: readonly DewormingSchedule[]
    }
  >
}

/** What a region changes, by schedule id (merge-protocol.ts). */
export interface ProtocolOverrides {
  region: string
  vaccines?: Record<string, Record<string, unknown>>
  deworming?: Record<string, Record<string, unknown>>
  addVaccines?: unknown[]
  addDeworming?: unknown[]
}

/** A whole number from `min` to `max`, both included. */
export interface Limit {
  min: number
  max: number
}

/** What a save may set each field to, by dotted field name. */
export interface ProtocolLimits {
  vaccine: Record<string, Limit>
  deworming: Record<string, Limit>
}

/** `GET /api/console/protocol/:regionId`. */
export interface RegionProtocol {
  regionId: string
  overrides: ProtocolOverrides | null
  protocol: CareProtocol
  limits: ProtocolLimits
  /** The account id of who changed it last, null for the default. */
  updatedBy: string | null
  /** Their name (a member's, or a local account's), to show. */
  updatedByName: string | null
  updatedAt: string | null
}

/**
 * One problem of a 400's `details.errors` (validate-protocol.ts, and the
 * server's limits: `PROTOCOL_OUT_OF_RANGE` with `min` and `max`).
 */
export interface ProtocolError {
  code: string
  id: string
  field?: string
  value?: unknown
  min?: number
  max?: number
}

// ------------------------------------------------------------------ editing

/**
 * The fields the console edits, as the inputs hold them (text), by
 * schedule id: a vaccine's revaccination months, its booster months (when
 * the booster is months after the first course) and, for a non-core one,
 * whether it is used; a deworming's adult interval.
 */
export interface VaccineEdit {
  revaccinationMonths: string
  /** Null when the booster is at an age: not editable here. */
  boosterMonths: string | null
  enabled: boolean
}

export interface ProtocolEdits {
  vaccines: Record<string, VaccineEdit>
  deworming: Record<string, { adultIntervalMonths: string }>
}

const allVaccines = (p: CareProtocol) =>
  SPECIES.flatMap((s) => p.species[s].vaccines)
const allDeworming = (p: CareProtocol) =>
  SPECIES.flatMap((s) => p.species[s].deworming)

/** The edit form of a protocol, holding its current values. */
export function editsOf(p: CareProtocol): ProtocolEdits {
  return {
    vaccines: Object.fromEntries(
      allVaccines(p).map((v) => [
        v.id,
        {
          revaccinationMonths: String(v.revaccinationMonths),
          boosterMonths:
            v.booster.kind === 'after_primary'
              ? String(v.booster.months)
              : null,
          enabled: v.enabled,
        },
      ]),
    ),
    deworming: Object.fromEntries(
      allDeworming(p).map((d) => [
        d.id,
        { adultIntervalMonths: String(d.adultIntervalMonths) },
      ]),
    ),
  }
}

/** A field's text as the number sent; NaN when it is not a whole number. */
function whole(text: string): number {
  const t = text.trim()
  return /^-?\d+$/.test(t) ? Number(t) : NaN
}

/**
 * Why a field's text cannot be saved: not a whole number, or outside the
 * limits the server gave (null limits when it gave none for the field).
 */
export interface FieldProblem {
  kind: 'not_whole' | 'range'
  limit: Limit | null
}

/**
 * The fields that cannot be saved as typed, by `id/field`: not a whole
 * number, or outside the server's limits. The server checks them again
 * and answers why, field by field.
 */
export function editProblems(
  edits: ProtocolEdits,
  limits: ProtocolLimits | null,
): Map<string, FieldProblem> {
  const out = new Map<string, FieldProblem>()
  const check = (key: string, text: string, limit: Limit | undefined) => {
    const value = whole(text)
    if (Number.isNaN(value)) {
      out.set(key, { kind: 'not_whole', limit: limit ?? null })
    } else if (limit && (value < limit.min || value > limit.max)) {
      out.set(key, { kind: 'range', limit })
    }
  }
  for (const [id, v] of Object.entries(edits.vaccines)) {
    check(
      `${id}/revaccinationMonths`,
      v.revaccinationMonths,
      limits?.vaccine.revaccinationMonths,
    )
    if (v.boosterMonths !== null) {
      check(
        `${id}/booster.months`,
        v.boosterMonths,
        limits?.vaccine['booster.months'],
      )
    }
  }
  for (const [id, d] of Object.entries(edits.deworming)) {
    check(
      `${id}/adultIntervalMonths`,
      d.adultIntervalMonths,
      limits?.deworming.adultIntervalMonths,
    )
  }
  return out
}

/**
 * The server's problem with a field, by `id/field`: the first of its
 * refusals for that field (a booster's rule counts as its months).
 */
export function serverProblemAt(
  problems: readonly ProtocolError[],
  id: string,
  field: string,
): ProtocolError | null {
  return (
    problems.find(
      (p) =>
        p.id === id &&
        (p.field === field ||
          (field === 'booster.months' && p.field === 'booster')),
    ) ?? null
  )
}

export interface ProtocolChanges {
  vaccines: Record<string, Record<string, unknown>>
  deworming: Record<string, Record<string, unknown>>
}

/**
 * What the edits change in the protocol shown, field by field: only the
 * fields whose value differs, and only the schedules with any. The
 * enabled switch of a core vaccine is never sent (core ones stay on).
 */
export function diffEdits(
  p: CareProtocol,
  edits: ProtocolEdits,
): ProtocolChanges {
  const vaccines: ProtocolChanges['vaccines'] = {}
  for (const v of allVaccines(p)) {
    const e = edits.vaccines[v.id]
    if (!e) continue
    const change: Record<string, unknown> = {}
    const revaccination = whole(e.revaccinationMonths)
    if (revaccination !== v.revaccinationMonths) {
      change.revaccinationMonths = revaccination
    }
    if (v.booster.kind === 'after_primary' && e.boosterMonths !== null) {
      const months = whole(e.boosterMonths)
      if (months !== v.booster.months) {
        change.booster = { kind: 'after_primary', months }
      }
    }
    if (!v.core && e.enabled !== v.enabled) change.enabled = e.enabled
    if (Object.keys(change).length > 0) vaccines[v.id] = change
  }
  const deworming: ProtocolChanges['deworming'] = {}
  for (const d of allDeworming(p)) {
    const e = edits.deworming[d.id]
    if (!e) continue
    const months = whole(e.adultIntervalMonths)
    if (months !== d.adultIntervalMonths) {
      deworming[d.id] = { adultIntervalMonths: months }
    }
  }
  return { vaccines, deworming }
}

export function hasChanges(c: ProtocolChanges): boolean {
  return (
    Object.keys(c.vaccines).length > 0 || Object.keys(c.deworming).length > 0
  )
}

/**
 * The region's overrides with the changes on top: `PUT` replaces the
 * region's overrides as a whole, so what it changed before (and any
 * schedules it added) is kept, and a schedule's earlier changes are kept
 * beside the new ones.
 */
export function mergeOverrides(
  existing: ProtocolOverrides | null,
  region: string,
  changes: ProtocolChanges,
): ProtocolOverrides {
  const merge = (
    before: Record<string, Record<string, unknown>> | undefined,
    now: Record<string, Record<string, unknown>>,
  ) => {
    const out: Record<string, Record<string, unknown>> = { ...before }
    for (const [id, change] of Object.entries(now)) {
      out[id] = { ...out[id], ...change }
    }
    return out
  }
  const vaccines = merge(existing?.vaccines, changes.vaccines)
  const deworming = merge(existing?.deworming, changes.deworming)
  return {
    ...existing,
    region,
    ...(Object.keys(vaccines).length > 0 ? { vaccines } : {}),
    ...(Object.keys(deworming).length > 0 ? { deworming } : {}),
  }
}

/** The ids (and `id/field`s) the region has changed, to mark them. */
export function overriddenFields(o: ProtocolOverrides | null): Set<string> {
  const out = new Set<string>()
  for (const group of [o?.vaccines, o?.deworming]) {
    for (const [id, change] of Object.entries(group ?? {})) {
      for (const field of Object.keys(change)) out.add(`${id}/${field}`)
    }
  }
  return out
}

/** A 400's `details.errors`, when the details have that shape. */
export function protocolErrors(details: unknown): ProtocolError[] {
  const errors =
    typeof details === 'object' && details !== null
      ? (details as { errors?: unknown }).errors
      : undefined
  if (!Array.isArray(errors)) return []
  return errors.filter(
    (e): e is ProtocolError =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as { code?: unknown }).code === 'string' &&
      typeof (e as { id?: unknown }).id === 'string',
  )
}

/** The Chinese name of a schedule id, or the id when it is not known. */
export function scheduleName(p: CareProtocol, id: string): string {
  const found = [...allVaccines(p), ...allDeworming(p)].find((s) => s.id === id)
  return found?.name.zh ?? id
}
