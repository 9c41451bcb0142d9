import type { MomentStatus } from '@petcare/shared'
import { EntitySchema } from 'typeorm'

/**
 * A customer-moment post (客户朋友圈) for one China day. `slot` numbers the
 * owner's posts that day (1..its daily limit), and (day, owner, slot) is
 * unique: that key, not a count read first, is what holds the quota when
 * admins plan at the same moment.
 */
export interface MomentPostRecord {
  id: string
  /** `YYYY-MM-DD`, China time. */
  day: string
  /** `head_office`, or a region id. */
  owner: string
  slot: number
  text: string
  linkTitle: string | null
  linkUrl: string | null
  status: MomentStatus
  /** WeCom's `add_moment_task` job. */
  jobId: string | null
  momentId: string | null
  error: string | null
  createdBy: string
  createdAt: Date
  publishedAt: Date | null
}

export const MomentPostEntity = new EntitySchema<MomentPostRecord>({
  name: 'MomentPost',
  tableName: 'moment_post',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    day: { type: 'varchar', length: 10 },
    owner: { type: 'varchar', length: 32 },
    slot: { type: 'int' },
    text: { type: 'text' },
    linkTitle: { type: 'varchar', length: 128, nullable: true },
    linkUrl: { type: 'varchar', length: 512, nullable: true },
    status: { type: 'varchar', length: 16 },
    jobId: { type: 'varchar', length: 128, nullable: true },
    momentId: { type: 'varchar', length: 128, nullable: true },
    error: { type: 'varchar', length: 500, nullable: true },
    createdBy: { type: 'varchar', length: 128 },
    createdAt: { type: 'datetime', precision: 3 },
    publishedAt: { type: 'datetime', precision: 3, nullable: true },
  },
  uniques: [{ name: 'uq_moment_post_slot', columns: ['day', 'owner', 'slot'] }],
})
