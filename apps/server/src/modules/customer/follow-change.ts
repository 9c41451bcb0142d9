import type { DataSource, EntityManager } from 'typeorm'
import { EntitySchema } from 'typeorm'
import type { EndedBy } from './follow.entity'

/**
 * A follow begun (`added`) or ended (`removed`, with who ended it), at a
 * WeCom time in Unix seconds. The follow table keeps only the latest state
 * of each relation; the leaderboard needs every change. Written by the
 * worker from add and delete events, and by the re-sync for follows it
 * finds, each at most once.
 */
export interface FollowChangeRecord {
  id: string
  userId: string
  externalUserId: string
  kind: 'added' | 'removed'
  endedBy: EndedBy | null
  at: number
}

export const FollowChangeEntity = new EntitySchema<FollowChangeRecord>({
  name: 'FollowChange',
  tableName: 'follow_change',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    userId: { type: 'varchar', length: 128 },
    externalUserId: { type: 'varchar', length: 128 },
    kind: { type: 'varchar', length: 8 },
    endedBy: { type: 'varchar', length: 8, nullable: true },
    at: {
      type: 'bigint',
      transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
    },
  },
})

/** Records one change; a change already recorded is left alone. */
export async function recordFollowChange(
  db: DataSource | EntityManager,
  change: Omit<FollowChangeRecord, 'id'>,
): Promise<void> {
  // Not dialectOf from data-source.ts: that module lists this entity.
  const source = 'connection' in db ? db.connection : db
  const mysql = source.options.type === 'mysql'
  await db.query(
    `INSERT INTO follow_change (user_id, external_user_id, kind, ended_by, at)
     VALUES (?, ?, ?, ?, ?) ${
       mysql
         ? 'ON DUPLICATE KEY UPDATE id = id'
         : 'ON CONFLICT (user_id, external_user_id, kind, at) DO NOTHING'
     }`,
    [
      change.userId,
      change.externalUserId,
      change.kind,
      change.endedBy,
      change.at,
    ],
  )
}

/**
 * Records the start of every follow the table knows, for follows that came
 * from a re-sync rather than an event (a first start, or events missed).
 */
export async function backfillFollowAdds(
  dataSource: DataSource,
): Promise<void> {
  const mysql = dataSource.options.type === 'mysql'
  await dataSource.query(
    `INSERT INTO follow_change (user_id, external_user_id, kind, ended_by, at)
     SELECT user_id, external_user_id, 'added', NULL, started_at
       FROM follow WHERE started_at IS NOT NULL ${
         mysql
           ? 'ON DUPLICATE KEY UPDATE id = follow_change.id'
           : 'ON CONFLICT (user_id, external_user_id, kind, at) DO NOTHING'
       }`,
  )
}
