import { createHash } from 'node:crypto'
import { IsNull, type DataSource, type EntityManager } from 'typeorm'
import { isUniqueViolation } from '../../db/db-errors'
import {
  CustomerBindingEntity,
  HospitalCustomerEntity,
  type BindingMethod,
  type CustomerBindingRecord,
  type HospitalCustomerRecord,
} from './hospital-customer.entity'

/** Why a binding could not be made. */
export class BindingError extends Error {
  constructor(
    readonly code:
      | 'CUSTOMER_NOT_FOUND'
      | 'CUSTOMER_AMBIGUOUS'
      | 'CUSTOMER_EXISTS'
      | 'ALREADY_BOUND'
      | 'NOT_BOUND',
    message: string,
  ) {
    super(message)
    this.name = 'BindingError'
  }
}

/** The digits of a phone number, without a +86 country code. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  return digits.length === 13 && digits.startsWith('86')
    ? digits.slice(2)
    : digits
}

/**
 * Ties WeCom customers to hospital customers. A WeCom customer has at most
 * one binding in force; unbinding ends it and keeps the row, so who was
 * bound to whom, when and by whom stays on record.
 */
export class BindingService {
  constructor(private readonly dataSource: DataSource) {}

  /** The binding in force for a WeCom customer, if any. */
  current(externalUserId: string): Promise<CustomerBindingRecord | null> {
    return this.dataSource
      .getRepository(CustomerBindingEntity)
      .findOneBy({ externalUserId, unboundAt: IsNull() })
  }

  /**
   * Finds hospital customers by customer ID or phone, for a butler to pick
   * from.
   */
  async find(query: {
    customerId?: string
    phone?: string
  }): Promise<HospitalCustomerRecord[]> {
    const customers = this.dataSource.getRepository(HospitalCustomerEntity)
    if (query.customerId) {
      const found = await customers.findOneBy({
        id: query.customerId.trim().toUpperCase(),
      })
      return found ? [found] : []
    }
    if (query.phone) {
      const phone = normalizePhone(query.phone)
      return phone.length >= 7 ? customers.findBy({ phone }) : []
    }
    return []
  }

  /**
   * Binds a WeCom customer to a hospital customer found by customer ID or
   * phone.
   * @throws {BindingError} when none or several match, or one is in force
   */
  async bind(input: {
    externalUserId: string
    customerId?: string
    phone?: string
    by: string
    now?: Date
  }): Promise<CustomerBindingRecord> {
    const matches = await this.find(input)
    if (matches.length === 0) {
      throw new BindingError(
        'CUSTOMER_NOT_FOUND',
        'no hospital customer matches',
      )
    }
    if (matches.length > 1) {
      throw new BindingError(
        'CUSTOMER_AMBIGUOUS',
        'several customers share that phone; use the customer ID',
      )
    }
    const method: BindingMethod = input.customerId ? 'customer_id' : 'phone'
    return this.insertBinding(
      input.externalUserId,
      matches[0]!.id,
      method,
      input.by,
      input.now,
    )
  }

  /**
   * Creates a hospital customer for a WeCom customer the hospital system does
   * not know yet, and binds them.
   */
  async createAndBind(input: {
    externalUserId: string
    customerId: string
    name: string
    phone?: string
    hospitalId?: string
    by: string
    now?: Date
  }): Promise<CustomerBindingRecord> {
    const now = input.now ?? new Date()
    const id = input.customerId.trim().toUpperCase()
    const customers = this.dataSource.getRepository(HospitalCustomerEntity)
    // Refused before anything is written: a refusal leaves no customer.
    if (await this.current(input.externalUserId)) {
      throw new BindingError('ALREADY_BOUND', 'unbind the customer first')
    }
    if (await customers.findOneBy({ id })) {
      throw new BindingError(
        'CUSTOMER_EXISTS',
        `customer ${id} exists; bind it instead`,
      )
    }
    const record = {
      id,
      name: input.name,
      phone: input.phone ? normalizePhone(input.phone) : null,
      hospitalId: input.hospitalId ?? null,
      note: null,
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(HospitalCustomerEntity).insert({
        ...record,
        sourceHash: createHash('sha256')
          .update(JSON.stringify(record))
          .digest('hex'),
        createdAt: now,
        updatedAt: now,
      })
      return this.insertBinding(
        input.externalUserId,
        id,
        'created',
        input.by,
        now,
        manager,
      )
    })
  }

  /**
   * Ends the binding in force.
   * @throws {BindingError} NOT_BOUND when there is none
   */
  async unbind(
    externalUserId: string,
    by: string,
    now = new Date(),
  ): Promise<void> {
    const current = await this.current(externalUserId)
    if (!current) {
      throw new BindingError('NOT_BOUND', 'this WeCom customer is not bound')
    }
    await this.dataSource
      .getRepository(CustomerBindingEntity)
      .update({ id: current.id }, { unboundAt: now, unboundBy: by })
  }

  /** Every binding a WeCom customer has had, oldest first. */
  history(externalUserId: string): Promise<CustomerBindingRecord[]> {
    return this.dataSource
      .getRepository(CustomerBindingEntity)
      .find({ where: { externalUserId }, order: { boundAt: 'ASC', id: 'ASC' } })
  }

  private async insertBinding(
    externalUserId: string,
    customerId: string,
    method: BindingMethod,
    by: string,
    now = new Date(),
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CustomerBindingRecord> {
    const bindings = manager.getRepository(CustomerBindingEntity)
    if (await bindings.findOneBy({ externalUserId, unboundAt: IsNull() })) {
      throw new BindingError('ALREADY_BOUND', 'unbind the customer first')
    }
    try {
      return await bindings.save({
        customerId,
        externalUserId,
        method,
        boundBy: by,
        boundAt: now,
        unboundAt: null,
        unboundBy: null,
      })
    } catch (error) {
      // Two binds at once: the unique key on live bindings keeps one.
      if (isUniqueViolation(error)) {
        throw new BindingError('ALREADY_BOUND', 'unbind the customer first')
      }
      throw error
    }
  }
}
