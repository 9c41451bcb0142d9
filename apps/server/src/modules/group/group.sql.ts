import type { StaffRole } from '@petcare/domain'
import type { DataSource } from 'typeorm'
import { dialectOf, sqlTime, type Dialect } from '../../db/data-source'
import type { CustomerGroupRecord } from './customer-group.entity'
import type { GroupMemberRecord } from './group-member.entity'

/** Rows per multi-row statement: a group can hold hundreds of members. */
const CHUNK = 200

type GroupRow = Omit<CustomerGroupRecord, 'dismissedAt' | 'updatedAt'>
type MemberRow = Omit<GroupMemberRecord, 'leftAt' | 'quitScene' | 'updatedAt'>

/**
 * The group sync's reads and writes on its hot path as raw statements: a
 * group refresh is one narrow read and one upsert, without the repository's
 * entity mapping or the read TypeORM makes after an upsert on MySQL.
 * Written per dialect as in contact.sql.ts (`VALUES(x)` is `excluded.x`).
 */
export class GroupStatements {
  private readonly dialect: Dialect

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource)
  }

  /** The stored member_version of a group; undefined when it has no row. */
  async memberVersion(chatId: string): Promise<string | null | undefined> {
    const rows = (await this.dataSource.query(
      'SELECT member_version FROM customer_group WHERE chat_id = ?',
      [chatId],
    )) as { member_version: string | null }[]
    return rows.length === 0 ? undefined : rows[0]!.member_version
  }

  /** The roles of those of `userIds` the directory knows. */
  async staffRoles(
    userIds: string[],
  ): Promise<{ userId: string; role: StaffRole | null }[]> {
    if (userIds.length === 0) {
      return []
    }
    const rows = (await this.dataSource.query(
      `SELECT user_id, role FROM staff
       WHERE user_id IN (${userIds.map(() => '?').join(', ')})`,
      userIds,
    )) as { user_id: string; role: StaffRole | null }[]
    return rows.map((row) => ({ userId: row.user_id, role: row.role }))
  }

  /**
   * A group as WeCom describes it now; `source_time` only grows and a
   * recorded dismissal stays.
   */
  async upsertGroup(row: GroupRow): Promise<void> {
    const columns = [
      'chat_id',
      'name',
      'owner_id',
      'notice',
      'created_at',
      'member_version',
      'member_count',
      'customer_code',
      'pet_name',
      'complaint',
      'name_problem',
      'missing_roles',
      'source_time',
      'updated_at',
    ]
    const params = [
      row.chatId,
      row.name,
      row.ownerId,
      row.notice,
      row.createdAt,
      row.memberVersion,
      row.memberCount,
      row.customerCode,
      row.petName,
      row.complaint,
      row.nameProblem,
      row.missingRoles,
      row.sourceTime,
      this.now(),
    ]
    const v = this.valueOf
    const set = columns
      .slice(1)
      .map((c) =>
        c === 'source_time'
          ? `source_time = ${this.greatest}(source_time, ${v('source_time')})`
          : `${c} = ${v(c)}`,
      )
      .join(', ')
    await this.dataSource.query(
      `INSERT INTO customer_group (${columns.join(', ')})
       VALUES (${columns.map(() => '?').join(', ')})
       ${this.onConflict('chat_id')} ${set}`,
      params,
    )
  }

  /** The stays in a group that have not ended. */
  async presentMembers(
    chatId: string,
  ): Promise<{ memberId: string; joinTime: number }[]> {
    const rows = (await this.dataSource.query(
      `SELECT member_id, join_time FROM group_member
       WHERE chat_id = ? AND left_at IS NULL`,
      [chatId],
    )) as { member_id: string; join_time: number | string }[]
    return rows.map((row) => ({
      memberId: row.member_id,
      joinTime: Number(row.join_time),
    }))
  }

  /** Ends the given stays at `time`, unless they have ended already. */
  async endStays(
    chatId: string,
    stays: { memberId: string; joinTime: number }[],
    time: number,
  ): Promise<void> {
    for (const stay of stays) {
      await this.dataSource.query(
        `UPDATE group_member SET left_at = ?, updated_at = ?
         WHERE chat_id = ? AND member_id = ? AND join_time = ?
         AND left_at IS NULL`,
        [time, this.now(), chatId, stay.memberId, stay.joinTime],
      )
    }
  }

  /** The stays WeCom lists now, open (a stay it lists has not ended). */
  async upsertMembers(rows: MemberRow[]): Promise<void> {
    const columns = [
      'chat_id',
      'member_id',
      'join_time',
      'member_type',
      'name',
      'join_scene',
      'invitor_id',
      'left_at',
      'quit_scene',
      'updated_at',
    ]
    const v = this.valueOf
    const set = columns
      .slice(3)
      .map((c) => `${c} = ${v(c)}`)
      .join(', ')
    const placeholders = `(${columns.map(() => '?').join(', ')})`
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK)
      const now = this.now()
      await this.dataSource.query(
        `INSERT INTO group_member (${columns.join(', ')})
         VALUES ${chunk.map(() => placeholders).join(', ')}
         ${this.onConflict('chat_id, member_id, join_time')} ${set}`,
        chunk.flatMap((row) => [
          row.chatId,
          row.memberId,
          row.joinTime,
          row.memberType,
          row.name,
          row.joinScene,
          row.invitorId,
          null,
          null,
          now,
        ]),
      )
    }
  }

  private get greatest(): string {
    return this.dialect === 'mysql' ? 'GREATEST' : 'MAX'
  }

  private readonly valueOf = (column: string): string =>
    this.dialect === 'mysql' ? `VALUES(${column})` : `excluded.${column}`

  private onConflict(key: string): string {
    return this.dialect === 'mysql'
      ? 'ON DUPLICATE KEY UPDATE'
      : `ON CONFLICT (${key}) DO UPDATE SET`
  }

  private now(): Date | string {
    return sqlTime(this.dataSource, new Date())
  }
}
