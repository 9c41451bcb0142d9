import type { StaffRole } from '@petcare/domain'
import { EntitySchema } from 'typeorm'
import { toNumber } from './department.entity'

/** A member of the corp (成员), with the role their position names. */
export interface StaffRecord {
  userId: string
  name: string
  position: string | null
  role: StaffRole | null
  /** Department ids, comma-separated as WeCom sends them. */
  departmentIds: string
  mainDepartmentId: string | null
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status: number
  deletedAt: Date | null
  sourceTime: number
  updatedAt: Date
}

export const StaffEntity = new EntitySchema<StaffRecord>({
  name: 'Staff',
  tableName: 'staff',
  columns: {
    userId: { type: 'varchar', length: 128, primary: true },
    name: { type: 'varchar', length: 255 },
    position: { type: 'varchar', length: 255, nullable: true },
    role: { type: 'varchar', length: 32, nullable: true },
    departmentIds: { type: 'varchar', length: 1024, default: '' },
    mainDepartmentId: { type: 'varchar', length: 64, nullable: true },
    status: { type: 'int', default: 1 },
    deletedAt: { type: 'datetime', precision: 3, nullable: true },
    sourceTime: { type: 'bigint', default: 0, transformer: toNumber() },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
