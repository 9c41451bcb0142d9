import { EntitySchema } from 'typeorm'
import { toNumber } from '../directory/department.entity'

/** One vaccine dose given. `vaccineId` is the protocol's id when known. */
export interface VaccinationRecord {
  id: string
  petId: string
  vaccineId: string | null
  vaccineName: string
  doseNumber: number | null
  givenOn: string
  batch: string | null
  givenBy: string | null
  hospitalId: string | null
  sourceHash: string
  updatedAt: Date
}

/** One deworming treatment; `kinds` is `internal`, `external` or both. */
export interface DewormingRecord {
  id: string
  petId: string
  product: string
  kinds: string
  givenOn: string
  hospitalId: string | null
  sourceHash: string
  updatedAt: Date
}

/**
 * One consultation (病历 / 就诊记录): history, examination, assessment and
 * plan. The nested parts are JSON in the shapes the importer validates.
 */
export interface VisitRecord {
  id: string
  petId: string
  customerId: string
  hospitalId: string
  doctorName: string | null
  /** The doctor's WeCom member id, when the hospital system knows it. */
  doctorUserId: string | null
  visitedAt: Date
  reason: string | null
  history: string | null
  /** Temperature, heart and breathing rate, weight, findings. */
  examJson: string
  /** Diagnoses. */
  assessmentJson: string
  /** Treatments and prescriptions. */
  planJson: string
  /** Lab results with reference ranges and flags. */
  labsJson: string
  recheckOn: string | null
  amountCents: number
  /** 1 paid, 0 not: what repurchase counts. */
  paid: number
  sourceHash: string
  updatedAt: Date
}

export const VaccinationEntity = new EntitySchema<VaccinationRecord>({
  name: 'Vaccination',
  tableName: 'vaccination',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    petId: { type: 'varchar', length: 32 },
    vaccineId: { type: 'varchar', length: 64, nullable: true },
    vaccineName: { type: 'varchar', length: 128 },
    doseNumber: { type: 'int', nullable: true },
    givenOn: { type: 'varchar', length: 10 },
    batch: { type: 'varchar', length: 64, nullable: true },
    givenBy: { type: 'varchar', length: 64, nullable: true },
    hospitalId: { type: 'varchar', length: 32, nullable: true },
    sourceHash: { type: 'varchar', length: 64 },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

export const DewormingEntity = new EntitySchema<DewormingRecord>({
  name: 'Deworming',
  tableName: 'deworming',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    petId: { type: 'varchar', length: 32 },
    product: { type: 'varchar', length: 128 },
    kinds: { type: 'varchar', length: 32 },
    givenOn: { type: 'varchar', length: 10 },
    hospitalId: { type: 'varchar', length: 32, nullable: true },
    sourceHash: { type: 'varchar', length: 64 },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

export const VisitEntity = new EntitySchema<VisitRecord>({
  name: 'Visit',
  tableName: 'visit',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    petId: { type: 'varchar', length: 32 },
    customerId: { type: 'varchar', length: 32 },
    hospitalId: { type: 'varchar', length: 32 },
    doctorName: { type: 'varchar', length: 64, nullable: true },
    doctorUserId: { type: 'varchar', length: 128, nullable: true },
    visitedAt: { type: 'datetime', precision: 3 },
    reason: { type: 'varchar', length: 500, nullable: true },
    history: { type: 'text', nullable: true },
    examJson: { type: 'text' },
    assessmentJson: { type: 'text' },
    planJson: { type: 'text' },
    labsJson: { type: 'text' },
    recheckOn: { type: 'varchar', length: 10, nullable: true },
    amountCents: { type: 'bigint', default: 0, transformer: toNumber() },
    paid: { type: 'int', default: 0 },
    sourceHash: { type: 'varchar', length: 64 },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
