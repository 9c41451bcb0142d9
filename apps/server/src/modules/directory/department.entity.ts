import { EntitySchema } from 'typeorm'

/** Where a department sits in the group: head office, a region, a store. */
export type DepartmentKind =
  'root' | 'head_office' | 'region' | 'store' | 'other'

/** A WeCom department: the tree regions and stores hang from. */
export interface DepartmentRecord {
  /** WeCom's department id, kept as text. */
  id: string
  name: string
  parentId: string | null
  sortOrder: number
  kind: DepartmentKind
  deletedAt: Date | null
  /** CreateTime of the newest event applied, Unix seconds. */
  sourceTime: number
  updatedAt: Date
}

export const DepartmentEntity = new EntitySchema<DepartmentRecord>({
  name: 'Department',
  tableName: 'department',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    name: { type: 'varchar', length: 255 },
    parentId: { type: 'varchar', length: 64, nullable: true },
    sortOrder: { type: 'bigint', default: 0, transformer: toNumber() },
    kind: { type: 'varchar', length: 16, default: 'other' },
    deletedAt: { type: 'datetime', precision: 3, nullable: true },
    sourceTime: { type: 'bigint', default: 0, transformer: toNumber() },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

/** bigint columns come back as text from mysql2. */
export function toNumber() {
  return {
    to: (value: number) => value,
    from: (value: string | number | null) =>
      value === null ? null : Number(value),
  }
}
