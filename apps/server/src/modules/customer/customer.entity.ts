import { EntitySchema } from 'typeorm'
import { toNumber } from '../directory/department.entity'

/** A customer (external contact) as WeCom describes them. */
export interface CustomerRecord {
  externalUserId: string
  name: string
  avatar: string | null
  /** 1 WeChat user, 2 WeCom user. */
  type: number
  /** 0 unknown, 1 male, 2 female. */
  gender: number
  unionId: string | null
  corpName: string | null
  sourceTime: number
  updatedAt: Date
}

export const CustomerEntity = new EntitySchema<CustomerRecord>({
  name: 'Customer',
  tableName: 'customer',
  columns: {
    externalUserId: { type: 'varchar', length: 128, primary: true },
    name: { type: 'varchar', length: 255 },
    avatar: { type: 'varchar', length: 1024, nullable: true },
    type: { type: 'int', default: 1 },
    gender: { type: 'int', default: 0 },
    unionId: { type: 'varchar', length: 128, nullable: true },
    corpName: { type: 'varchar', length: 255, nullable: true },
    sourceTime: { type: 'bigint', default: 0, transformer: toNumber() },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
