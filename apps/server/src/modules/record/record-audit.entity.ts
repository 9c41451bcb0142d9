import { EntitySchema } from 'typeorm'

/** Someone opened a pet's medical record: who, which pet, when, from where. */
export interface RecordAuditRecord {
  id: string
  userId: string
  petId: string
  customerId: string | null
  openedAt: Date
  /**
   * What was opened: the sidebar's view of a chat, a page of a pet's
   * history, one visit in full, or the console.
   */
  source: 'sidebar' | 'history' | 'visit' | 'console'
  /** The visit opened in full, for `visit`. */
  visitId: string | null
  ip: string | null
  userAgent: string | null
}

export const RecordAuditEntity = new EntitySchema<RecordAuditRecord>({
  name: 'RecordAudit',
  tableName: 'record_audit',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    userId: { type: 'varchar', length: 128 },
    petId: { type: 'varchar', length: 32 },
    customerId: { type: 'varchar', length: 32, nullable: true },
    openedAt: { type: 'datetime', precision: 3 },
    source: { type: 'varchar', length: 16 },
    visitId: { type: 'varchar', length: 64, nullable: true },
    ip: { type: 'varchar', length: 64, nullable: true },
    userAgent: { type: 'varchar', length: 255, nullable: true },
  },
})
