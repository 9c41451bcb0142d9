import { EntitySchema } from 'typeorm'
import { toNumber } from '../directory/department.entity'

/** A customer group (客户群), with what its name and members say of it. */
export interface CustomerGroupRecord {
  chatId: string
  name: string
  ownerId: string | null
  notice: string | null
  /** create_time, Unix seconds. */
  createdAt: number | null
  dismissedAt: number | null
  memberVersion: string | null
  memberCount: number
  /** The naming rule's parts, when the name follows it. */
  customerCode: string | null
  petName: string | null
  complaint: string | null
  /** Why the name breaks the rule, or null when it follows it. */
  nameProblem: string | null
  /** Required roles missing among the members, comma-separated. */
  missingRoles: string
  sourceTime: number
  updatedAt: Date
}

export const CustomerGroupEntity = new EntitySchema<CustomerGroupRecord>({
  name: 'CustomerGroup',
  tableName: 'customer_group',
  columns: {
    chatId: { type: 'varchar', length: 128, primary: true },
    name: { type: 'varchar', length: 255 },
    ownerId: { type: 'varchar', length: 128, nullable: true },
    notice: { type: 'text', nullable: true },
    createdAt: { type: 'bigint', nullable: true, transformer: toNumber() },
    dismissedAt: { type: 'bigint', nullable: true, transformer: toNumber() },
    memberVersion: { type: 'varchar', length: 64, nullable: true },
    memberCount: { type: 'int', default: 0 },
    customerCode: { type: 'varchar', length: 32, nullable: true },
    petName: { type: 'varchar', length: 128, nullable: true },
    complaint: { type: 'varchar', length: 255, nullable: true },
    nameProblem: { type: 'varchar', length: 32, nullable: true },
    missingRoles: { type: 'varchar', length: 128, default: '' },
    sourceTime: { type: 'bigint', default: 0, transformer: toNumber() },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
