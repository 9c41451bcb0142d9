import type { DataSource } from 'typeorm'
import {
  HospitalCustomerEntity,
  type HospitalCustomerRecord,
} from '../record/hospital-customer.entity'
import { PetEntity, type PetRecord } from '../record/pet.entity'
import {
  CustomerGroupEntity,
  type CustomerGroupRecord,
} from './customer-group.entity'

/** A customer group with the hospital customer and pet its name points to. */
export interface GroupRecordLink {
  group: CustomerGroupRecord
  /** The customer whose ID the name carries, when the record has them. */
  customer: HospitalCustomerRecord | null
  /** That customer's pet of the name's pet name, when there is exactly one. */
  pet: PetRecord | null
}

/**
 * Links a customer group to the record through its name (一客一群: customer
 * ID + pet name + complaint). Worked out when asked, not stored, so a group
 * synced before the hospital system's import links as soon as it lands.
 */
export async function findGroupRecordLink(
  dataSource: DataSource,
  chatId: string,
): Promise<GroupRecordLink | null> {
  const group = await dataSource
    .getRepository(CustomerGroupEntity)
    .findOneBy({ chatId })
  if (!group) {
    return null
  }
  if (!group.customerCode) {
    return { group, customer: null, pet: null }
  }
  const customer = await dataSource
    .getRepository(HospitalCustomerEntity)
    .findOneBy({ id: group.customerCode })
  if (!customer) {
    return { group, customer: null, pet: null }
  }
  const pets = group.petName
    ? await dataSource
        .getRepository(PetEntity)
        .findBy({ customerId: customer.id, name: group.petName })
    : []
  return { group, customer, pet: pets.length === 1 ? pets[0]! : null }
}
