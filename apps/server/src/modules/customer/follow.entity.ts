import { EntitySchema } from 'typeorm'
import { toNumber } from '../directory/department.entity'

/** Who ended a relation: the member removed the customer, or the reverse. */
export type EndedBy = 'member' | 'customer'

/**
 * A member following a customer (one row per pair). An ended relation keeps
 * its row: `endedAt` and `endedBy` say when and by whom; a later re-add
 * starts it again with a newer `startedAt`.
 */
export interface FollowRecord {
  userId: string
  externalUserId: string
  remark: string | null
  description: string | null
  /** The follow's tags as WeCom lists them, JSON. */
  tagsJson: string
  /** How the customer was added (add_way), see PROTOCOL.md §3.2. */
  addWay: number | null
  /** The contact-me channel the customer came through. */
  state: string | null
  operUserId: string | null
  /** When the current relation began (createtime), Unix seconds. */
  startedAt: number | null
  /** When it ended, Unix seconds; null while it lasts. */
  endedAt: number | null
  endedBy: EndedBy | null
  /** `DELETE_BY_TRANSFER` when a transfer removed the customer. */
  endSource: string | null
  transferFailReason: string | null
  transferFailedAt: number | null
  /** What became of the welcome message: sent, skipped or failed. */
  welcomeStatus: string | null
  welcomeDetail: string | null
  updatedAt: Date
}

export const FollowEntity = new EntitySchema<FollowRecord>({
  name: 'Follow',
  tableName: 'follow',
  columns: {
    userId: { type: 'varchar', length: 128, primary: true },
    externalUserId: { type: 'varchar', length: 128, primary: true },
    remark: { type: 'varchar', length: 255, nullable: true },
    description: { type: 'text', nullable: true },
    tagsJson: { type: 'text' },
    addWay: { type: 'int', nullable: true },
    state: { type: 'varchar', length: 255, nullable: true },
    operUserId: { type: 'varchar', length: 128, nullable: true },
    startedAt: { type: 'bigint', nullable: true, transformer: toNumber() },
    endedAt: { type: 'bigint', nullable: true, transformer: toNumber() },
    endedBy: { type: 'varchar', length: 16, nullable: true },
    endSource: { type: 'varchar', length: 64, nullable: true },
    transferFailReason: { type: 'varchar', length: 64, nullable: true },
    transferFailedAt: {
      type: 'bigint',
      nullable: true,
      transformer: toNumber(),
    },
    welcomeStatus: { type: 'varchar', length: 16, nullable: true },
    welcomeDetail: { type: 'varchar', length: 255, nullable: true },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
