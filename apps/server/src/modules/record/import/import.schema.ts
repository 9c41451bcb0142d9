import { chinaToday, FIRST_YEAR, isLocalDate, LAST_YEAR } from '@petcare/domain'
import { z } from 'zod'

const id = z.string().trim().min(1).max(32)
const longId = z.string().trim().min(1).max(64)
const text = (max: number) => z.string().trim().max(max)
const optional = <T extends z.ZodType>(schema: T) => schema.nullish()
/** A calendar date as hospitals write it, `YYYY-MM-DD`. */
const localDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD')
  .refine(isLocalDate, `must be a date from ${FIRST_YEAR} to ${LAST_YEAR}`)

const region = z.object({
  type: z.literal('region'),
  id,
  name: text(128).min(1),
  wecomDepartmentId: optional(text(64)),
})

const hospital = z.object({
  type: z.literal('hospital'),
  id,
  name: text(128).min(1),
  regionId: optional(id),
  wecomDepartmentId: optional(text(64)),
  phone: optional(text(32)),
  address: optional(text(255)),
})

const customer = z.object({
  type: z.literal('customer'),
  id,
  name: text(128).min(1),
  phone: optional(
    z.string().regex(/^\+?[\d\s-]{5,20}$/, 'must be a phone number'),
  ),
  hospitalId: optional(id),
  note: optional(text(2000)),
})

const pet = z.object({
  type: z.literal('pet'),
  id,
  customerId: id,
  name: text(64).min(1),
  species: z.enum(['dog', 'cat', 'other']),
  breed: optional(text(64)),
  sex: z.enum(['male', 'female', 'unknown']).default('unknown'),
  neutered: optional(z.boolean()),
  birthDate: optional(localDate),
  colour: optional(text(64)),
  microchip: optional(text(32)),
  status: z.enum(['active', 'deceased', 'transferred']).default('active'),
  photoUrl: optional(z.string().url().max(512)),
})

const weight = z.object({
  type: z.literal('weight'),
  petId: id,
  measuredOn: localDate,
  weightKg: z.number().positive().max(200),
})

const alert = z.object({
  type: z.literal('alert'),
  id: longId,
  petId: id,
  kind: z.enum(['allergy', 'chronic', 'behaviour']),
  text: text(500).min(1),
  severity: z.enum(['high', 'medium', 'low']).default('high'),
  since: optional(localDate),
  resolvedOn: optional(localDate),
})

const vaccination = z.object({
  type: z.literal('vaccination'),
  id: longId,
  petId: id,
  vaccineId: optional(text(64)),
  vaccineName: text(128).min(1),
  doseNumber: optional(z.number().int().min(1).max(20)),
  givenOn: localDate,
  batch: optional(text(64)),
  givenBy: optional(text(64)),
  hospitalId: optional(id),
})

const deworming = z.object({
  type: z.literal('deworming'),
  id: longId,
  petId: id,
  product: text(128).min(1),
  kinds: z.array(z.enum(['internal', 'external'])).min(1),
  givenOn: localDate,
  hospitalId: optional(id),
})

const visit = z.object({
  type: z.literal('visit'),
  id: longId,
  petId: id,
  customerId: id,
  hospitalId: id,
  doctorName: optional(text(64)),
  doctorUserId: optional(text(128)),
  /** An instant with its offset, e.g. 2026-12-04T10:30:00+08:00. */
  visitedAt: z
    .string()
    .datetime({ offset: true, message: 'must be an ISO time with offset' })
    .refine(
      (v) => isLocalDate(chinaToday(new Date(v))),
      `must fall from ${FIRST_YEAR} to ${LAST_YEAR}`,
    ),
  reason: optional(text(500)),
  history: optional(text(100_000)),
  exam: z
    .object({
      temperatureC: optional(z.number().min(25).max(45)),
      heartRate: optional(z.number().int().min(0).max(400)),
      breathingRate: optional(z.number().int().min(0).max(200)),
      weightKg: optional(z.number().positive().max(200)),
      findings: optional(text(20_000)),
    })
    .default({}),
  diagnoses: z.array(text(255).min(1)).default([]),
  treatments: z.array(text(500).min(1)).default([]),
  prescriptions: z
    .array(
      z.object({
        drug: text(128).min(1),
        dose: optional(text(128)),
        days: optional(z.number().int().min(0).max(365)),
      }),
    )
    .default([]),
  labs: z
    .array(
      z.object({
        test: text(64).min(1),
        value: z.union([z.number(), text(64)]),
        unit: optional(text(32)),
        low: optional(z.number()),
        high: optional(z.number()),
      }),
    )
    .default([]),
  recheckOn: optional(localDate),
  /** Yuan, as the hospital system prints it. */
  amount: z.number().min(0).max(10_000_000).default(0),
  paid: z.boolean().default(false),
})

const careFlag = z.object({
  type: z.literal('care_flag'),
  petId: id,
  flag: z.enum(['post_surgery', 'chronic', 'recent_vaccination']),
  sinceOn: localDate,
  untilOn: optional(localDate),
  note: optional(text(255)),
})

/** One row of a hospital-system export, by its `type`. */
export const ImportRowSchema = z.discriminatedUnion('type', [
  region,
  hospital,
  customer,
  pet,
  weight,
  alert,
  vaccination,
  deworming,
  visit,
  careFlag,
])
export type ImportRow = z.infer<typeof ImportRowSchema>
export type ImportRowType = ImportRow['type']
