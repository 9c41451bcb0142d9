import type { DataSource } from 'typeorm'
import { dialectOf, toSqliteDatetime, type Dialect } from '../../db/data-source'

/** One member's relation with a customer, as WeCom lists it. */
export interface FollowRow {
  userId: string
  externalUserId: string
  remark: string | null
  description: string | null
  tagsJson: string
  addWay: number | null
  state: string | null
  operUserId: string | null
  startedAt: number
}

/**
 * The contact sync's writes as single statements, each deciding with the
 * row as it is at that instant: no read-then-write, so the worker, a second
 * worker and a re-sync can never undo each other, and each event costs one
 * statement per row instead of two.
 *
 * Written per dialect because they differ in two ways that matter here:
 * SQLite's `excluded.x` is MySQL's `VALUES(x)`, and MySQL applies the
 * assignments of ON DUPLICATE KEY UPDATE left to right, each seeing the ones
 * before it, so every column that reads `ended_at` comes before `ended_at`.
 */
export class ContactStatements {
  private readonly dialect: Dialect

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource)
  }

  /** A customer as WeCom describes them; `source_time` only grows. */
  async upsertCustomer(row: {
    externalUserId: string
    name: string
    avatar: string | null
    type: number
    gender: number
    unionId: string | null
    corpName: string | null
    sourceTime: number
  }): Promise<void> {
    const columns =
      'external_user_id, name, avatar, type, gender, union_id, corp_name, source_time, updated_at'
    const params = [
      row.externalUserId,
      row.name,
      row.avatar,
      row.type,
      row.gender,
      row.unionId,
      row.corpName,
      row.sourceTime,
      this.now(),
    ]
    const set = (v: (c: string) => string, greatest: string) =>
      `name = ${v('name')}, avatar = ${v('avatar')}, type = ${v('type')},
       gender = ${v('gender')}, union_id = ${v('union_id')},
       corp_name = ${v('corp_name')},
       source_time = ${greatest}(source_time, ${v('source_time')}),
       updated_at = ${v('updated_at')}`
    await this.dataSource.query(
      this.dialect === 'mysql'
        ? `INSERT INTO customer (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE ${set((c) => `VALUES(${c})`, 'GREATEST')}`
        : `INSERT INTO customer (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (external_user_id) DO UPDATE SET
           ${set((c) => `excluded.${c}`, 'MAX')}`,
      params,
    )
  }

  /**
   * Relations as WeCom lists them now, in one statement. An end recorded
   * before stays unless this relation began after it (a re-add).
   */
  async upsertFollows(rows: FollowRow[]): Promise<void> {
    if (rows.length === 0) {
      return
    }
    const columns =
      'user_id, external_user_id, remark, description, tags_json, add_way, state, oper_user_id, started_at, updated_at'
    const now = this.now()
    const params = rows.flatMap((row) => [
      row.userId,
      row.externalUserId,
      row.remark,
      row.description,
      row.tagsJson,
      row.addWay,
      row.state,
      row.operUserId,
      row.startedAt,
      now,
    ])
    const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
    const assign = (v: (c: string) => string) => {
      const keepEnd = `ended_at IS NOT NULL AND NOT (${v('started_at')} > ended_at)`
      return `remark = ${v('remark')}, description = ${v('description')},
        tags_json = ${v('tags_json')}, add_way = ${v('add_way')},
        state = ${v('state')}, oper_user_id = ${v('oper_user_id')},
        ended_by = CASE WHEN ${keepEnd} THEN ended_by ELSE NULL END,
        end_source = CASE WHEN ${keepEnd} THEN end_source ELSE NULL END,
        ended_at = CASE WHEN ${keepEnd} THEN ended_at ELSE NULL END,
        started_at = ${v('started_at')}, updated_at = ${v('updated_at')}`
    }
    await this.dataSource.query(
      this.dialect === 'mysql'
        ? `INSERT INTO follow (${columns}) VALUES ${values}
           ON DUPLICATE KEY UPDATE ${assign((c) => `VALUES(${c})`)}`
        : `INSERT INTO follow (${columns}) VALUES ${values}
           ON CONFLICT (user_id, external_user_id) DO UPDATE SET
           ${assign((c) => `excluded.${c}`)}`,
      params,
    )
  }

  /**
   * Ends a relation at `time`, unless it began again after that or an
   * earlier end is already recorded.
   */
  async endFollow(row: {
    userId: string
    externalUserId: string
    time: number
    by: string | null
    source: string | null
  }): Promise<void> {
    const columns =
      'user_id, external_user_id, tags_json, ended_at, ended_by, end_source, updated_at'
    const params = [
      row.userId,
      row.externalUserId,
      '[]',
      row.time,
      row.by,
      row.source,
      this.now(),
    ]
    const assign = (v: (c: string) => string) => {
      const keep = `(started_at IS NOT NULL AND started_at > ${v('ended_at')})
        OR (ended_at IS NOT NULL AND ended_at <= ${v('ended_at')})`
      return `ended_by = CASE WHEN ${keep} THEN ended_by ELSE ${v('ended_by')} END,
        end_source = CASE WHEN ${keep} THEN end_source ELSE ${v('end_source')} END,
        updated_at = CASE WHEN ${keep} THEN updated_at ELSE ${v('updated_at')} END,
        ended_at = CASE WHEN ${keep} THEN ended_at ELSE ${v('ended_at')} END`
    }
    await this.dataSource.query(
      this.dialect === 'mysql'
        ? `INSERT INTO follow (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE ${assign((c) => `VALUES(${c})`)}`
        : `INSERT INTO follow (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (user_id, external_user_id) DO UPDATE SET
           ${assign((c) => `excluded.${c}`)}`,
      params,
    )
  }

  private now(): Date | string {
    const now = new Date()
    return this.dialect === 'mysql' ? now : toSqliteDatetime(now)
  }
}
