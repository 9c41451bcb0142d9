import { EntitySchema } from 'typeorm'

/** A customer as the hospital system knows them, by customer ID (C10023). */
export interface HospitalCustomerRecord {
  id: string
  name: string
  /** The full number; shown masked wherever it is not needed whole. */
  phone: string | null
  /** The hospital the customer belongs to. */
  hospitalId: string | null
  note: string | null
  /** sha256 of the imported row: an unchanged row is not written again. */
  sourceHash: string
  createdAt: Date
  updatedAt: Date
}

/** How a WeCom customer was tied to a hospital customer. */
export type BindingMethod = 'phone' | 'customer_id' | 'created' | 'group_name'

/**
 * One binding of a WeCom customer to a hospital customer. Unbinding sets
 * `unboundAt`; the row stays, so the history is whole.
 */
export interface CustomerBindingRecord {
  id: string
  customerId: string
  externalUserId: string
  method: BindingMethod
  boundBy: string | null
  boundAt: Date
  unboundAt: Date | null
  unboundBy: string | null
}

export const HospitalCustomerEntity = new EntitySchema<HospitalCustomerRecord>({
  name: 'HospitalCustomer',
  tableName: 'hospital_customer',
  columns: {
    id: { type: 'varchar', length: 32, primary: true },
    name: { type: 'varchar', length: 128 },
    phone: { type: 'varchar', length: 32, nullable: true },
    hospitalId: { type: 'varchar', length: 32, nullable: true },
    note: { type: 'text', nullable: true },
    sourceHash: { type: 'varchar', length: 64 },
    createdAt: { type: 'datetime', precision: 3 },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

export const CustomerBindingEntity = new EntitySchema<CustomerBindingRecord>({
  name: 'CustomerBinding',
  tableName: 'customer_binding',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    customerId: { type: 'varchar', length: 32 },
    externalUserId: { type: 'varchar', length: 128 },
    method: { type: 'varchar', length: 16 },
    boundBy: { type: 'varchar', length: 128, nullable: true },
    boundAt: { type: 'datetime', precision: 3 },
    unboundAt: { type: 'datetime', precision: 3, nullable: true },
    unboundBy: { type: 'varchar', length: 128, nullable: true },
  },
})
