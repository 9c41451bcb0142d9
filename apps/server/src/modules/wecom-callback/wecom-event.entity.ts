import { EntitySchema } from 'typeorm'

/** Where the worker is with an event. */
export type EventStatus =
  'pending' | 'processing' | 'done' | 'failed' | 'parked'

/** One accepted WeCom callback, kept for good. */
export interface WecomEventRecord {
  id: string
  /** sha256 of the receive id and the decrypted message: one row per event. */
  dedupeKey: string
  corpId: string
  agentId: string | null
  /** `Event`, e.g. `change_external_contact`; `MsgType` for non-events. */
  event: string
  changeType: string | null
  /** `UpdateDetail` of a group update. */
  updateDetail: string | null
  /** How the event parsed: a known kind, or `unknown`. */
  kind: string
  /** The member (`UserID`) the event names. */
  userId: string | null
  externalUserId: string | null
  chatId: string | null
  /** `CreateTime` of the event, Unix seconds. */
  createTime: number
  receivedAt: Date
  /** The decrypted XML, exactly as WeCom sent it. */
  payloadXml: string
  status: EventStatus
  attempts: number
  lastError: string | null
  nextAttemptAt: Date | null
  processedAt: Date | null
  /** When a worker claimed it; a stale claim is taken over. */
  lockedAt: Date | null
}

export const WecomEventEntity = new EntitySchema<WecomEventRecord>({
  name: 'WecomEvent',
  tableName: 'wecom_event',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    dedupeKey: { type: 'varchar', length: 64 },
    corpId: { type: 'varchar', length: 128 },
    agentId: { type: 'varchar', length: 32, nullable: true },
    event: { type: 'varchar', length: 64 },
    changeType: { type: 'varchar', length: 64, nullable: true },
    updateDetail: { type: 'varchar', length: 64, nullable: true },
    kind: { type: 'varchar', length: 32 },
    userId: { type: 'varchar', length: 128, nullable: true },
    externalUserId: { type: 'varchar', length: 128, nullable: true },
    chatId: { type: 'varchar', length: 128, nullable: true },
    createTime: { type: 'bigint', transformer: numberTransformer() },
    receivedAt: { type: 'datetime', precision: 3 },
    payloadXml: { type: 'text' },
    status: { type: 'varchar', length: 16, default: 'pending' },
    attempts: { type: 'int', default: 0 },
    lastError: { type: 'text', nullable: true },
    nextAttemptAt: { type: 'datetime', precision: 3, nullable: true },
    processedAt: { type: 'datetime', precision: 3, nullable: true },
    lockedAt: { type: 'datetime', precision: 3, nullable: true },
  },
  uniques: [{ name: 'uq_wecom_event_dedupe', columns: ['dedupeKey'] }],
})

/** bigint columns come back as strings from mysql2; CreateTime fits a number. */
function numberTransformer() {
  return {
    to: (value: number) => value,
    from: (value: string | number | null) =>
      value === null ? null : Number(value),
  }
}
