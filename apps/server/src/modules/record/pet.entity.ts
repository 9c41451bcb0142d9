import { EntitySchema } from 'typeorm'

/** A pet. Calendar dates are `YYYY-MM-DD` in China time. */
export interface PetRecord {
  id: string
  customerId: string
  name: string
  species: 'dog' | 'cat' | 'other'
  breed: string | null
  sex: 'male' | 'female' | 'unknown'
  /** 1 neutered, 0 not, null unknown. */
  neutered: number | null
  birthDate: string | null
  colour: string | null
  microchip: string | null
  status: 'active' | 'deceased' | 'transferred'
  photoUrl: string | null
  sourceHash: string
  updatedAt: Date
}

/** A weighing. */
export interface PetWeightRecord {
  petId: string
  measuredOn: string
  weightGrams: number
}

/** Something nobody may miss: an allergy, a chronic disease, a behaviour. */
export interface PetAlertRecord {
  id: string
  petId: string
  kind: 'allergy' | 'chronic' | 'behaviour'
  text: string
  severity: 'high' | 'medium' | 'low'
  since: string | null
  resolvedOn: string | null
  updatedAt: Date
}

/** A care flag that drives follow-up content, for a span of days. */
export interface CareFlagRecord {
  petId: string
  flag: 'post_surgery' | 'chronic' | 'recent_vaccination'
  sinceOn: string
  untilOn: string | null
  note: string | null
}

export const PetEntity = new EntitySchema<PetRecord>({
  name: 'Pet',
  tableName: 'pet',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    customerId: { type: 'varchar', length: 32 },
    name: { type: 'varchar', length: 64 },
    species: { type: 'varchar', length: 16 },
    breed: { type: 'varchar', length: 64, nullable: true },
    sex: { type: 'varchar', length: 8, default: 'unknown' },
    neutered: { type: 'int', nullable: true },
    birthDate: { type: 'varchar', length: 10, nullable: true },
    colour: { type: 'varchar', length: 64, nullable: true },
    microchip: { type: 'varchar', length: 32, nullable: true },
    status: { type: 'varchar', length: 16, default: 'active' },
    photoUrl: { type: 'varchar', length: 512, nullable: true },
    sourceHash: { type: 'varchar', length: 64 },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

export const PetWeightEntity = new EntitySchema<PetWeightRecord>({
  name: 'PetWeight',
  tableName: 'pet_weight',
  columns: {
    petId: { type: 'varchar', length: 32, primary: true },
    measuredOn: { type: 'varchar', length: 10, primary: true },
    weightGrams: { type: 'int' },
  },
})

export const PetAlertEntity = new EntitySchema<PetAlertRecord>({
  name: 'PetAlert',
  tableName: 'pet_alert',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    petId: { type: 'varchar', length: 32 },
    kind: { type: 'varchar', length: 16 },
    text: { type: 'varchar', length: 500 },
    severity: { type: 'varchar', length: 8, default: 'high' },
    since: { type: 'varchar', length: 10, nullable: true },
    resolvedOn: { type: 'varchar', length: 10, nullable: true },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

export const CareFlagEntity = new EntitySchema<CareFlagRecord>({
  name: 'CareFlag',
  tableName: 'care_flag',
  columns: {
    petId: { type: 'varchar', length: 32, primary: true },
    flag: { type: 'varchar', length: 32, primary: true },
    sinceOn: { type: 'varchar', length: 10, primary: true },
    untilOn: { type: 'varchar', length: 10, nullable: true },
    note: { type: 'varchar', length: 255, nullable: true },
  },
})
