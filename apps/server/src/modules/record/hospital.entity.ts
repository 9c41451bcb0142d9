import { EntitySchema } from 'typeorm'

/** A region (大区): a group of hospitals with its own admin and KPI. */
export interface RegionRecord {
  id: string
  name: string
  wecomDepartmentId: string | null
  updatedAt: Date
}

/** A hospital (门店), by the hospital system's code. */
export interface HospitalRecord {
  id: string
  name: string
  regionId: string | null
  wecomDepartmentId: string | null
  phone: string | null
  address: string | null
  updatedAt: Date
}

export const RegionEntity = new EntitySchema<RegionRecord>({
  name: 'Region',
  tableName: 'region',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    name: { type: 'varchar', length: 128 },
    wecomDepartmentId: { type: 'varchar', length: 64, nullable: true },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

export const HospitalEntity = new EntitySchema<HospitalRecord>({
  name: 'Hospital',
  tableName: 'hospital',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    name: { type: 'varchar', length: 128 },
    regionId: { type: 'varchar', length: 32, nullable: true },
    wecomDepartmentId: { type: 'varchar', length: 64, nullable: true },
    phone: { type: 'varchar', length: 32, nullable: true },
    address: { type: 'varchar', length: 255, nullable: true },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
