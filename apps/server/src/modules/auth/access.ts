import type { DataSource } from 'typeorm'
import type { Principal } from './principal'

/**
 * Who may see which chat and record:
 * - every member: the customers they follow or share a live customer group
 *   with, and the live groups they are in. A group's name alone grants
 *   nothing: anyone in a group can rename it, so the record its name points
 *   to is shown only to those who may see that customer anyway (usually
 *   because the bound customer is in the group);
 * - a doctor or store manager, besides: every patient of their hospital
 *   (the customer's own hospital, or a visit there);
 * - a region admin: every patient of their region's hospitals;
 * - head office: everyone.
 * A refusal is answered like a record that does not exist.
 */
export class AccessPolicy {
  constructor(private readonly dataSource: DataSource) {}

  /** May `who` open the single chat with this WeCom customer? */
  async canSeeContact(
    who: Principal,
    externalUserId: string,
  ): Promise<boolean> {
    if (who.scope === 'head_office') {
      return true
    }
    if (await this.relatesToContact(who.userId, externalUserId)) {
      return true
    }
    const bound = await this.dataSource.query<{ customer_id: string }[]>(
      `SELECT customer_id FROM customer_binding
        WHERE external_user_id = ? AND unbound_at IS NULL`,
      [externalUserId],
    )
    return bound.length > 0 && this.inHospitals(who, bound[0]!.customer_id)
  }

  /** May `who` open this customer group? */
  async canSeeGroup(who: Principal, chatId: string): Promise<boolean> {
    if (who.scope === 'head_office') {
      return true
    }
    const rows = await this.dataSource.query<
      { customer_code: string | null }[]
    >(`SELECT g.customer_code FROM customer_group g WHERE g.chat_id = ?`, [
      chatId,
    ])
    if (rows.length === 0) {
      return false
    }
    const inGroup = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM customer_group g
        WHERE g.chat_id = ? AND g.owner_id = ? AND g.dismissed_at IS NULL
       UNION ALL
       SELECT 1 FROM group_member m
         JOIN customer_group g ON g.chat_id = m.chat_id
        WHERE m.chat_id = ? AND m.member_id = ? AND m.left_at IS NULL
          AND g.dismissed_at IS NULL
       LIMIT 1`,
      [chatId, who.userId, chatId, who.userId],
    )
    if (inGroup.length > 0) {
      return true
    }
    const code = rows[0]!.customer_code
    return code !== null && this.inHospitals(who, code)
  }

  /** May `who` open this hospital customer's record (their pets, visits)? */
  async canSeeCustomer(who: Principal, customerId: string): Promise<boolean> {
    if (who.scope === 'head_office') {
      return true
    }
    if (await this.inHospitals(who, customerId)) {
      return true
    }
    const me = who.userId
    const related = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM customer_binding b
         JOIN follow f ON f.external_user_id = b.external_user_id
        WHERE b.customer_id = ? AND b.unbound_at IS NULL
          AND f.user_id = ? AND f.ended_at IS NULL
       UNION ALL
       SELECT 1 FROM customer_binding b
         JOIN group_member c ON c.member_id = b.external_user_id
         JOIN customer_group g ON g.chat_id = c.chat_id
         JOIN group_member m ON m.chat_id = c.chat_id
        WHERE b.customer_id = ? AND b.unbound_at IS NULL
          AND c.left_at IS NULL AND g.dismissed_at IS NULL
          AND m.member_id = ? AND m.left_at IS NULL
       LIMIT 1`,
      [customerId, me, customerId, me],
    )
    return related.length > 0
  }

  /** The member follows the customer, or shares a live group with them. */
  private async relatesToContact(
    userId: string,
    externalUserId: string,
  ): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM follow f
        WHERE f.user_id = ? AND f.external_user_id = ? AND f.ended_at IS NULL
       UNION ALL
       SELECT 1 FROM group_member c
         JOIN customer_group g ON g.chat_id = c.chat_id
         JOIN group_member m ON m.chat_id = c.chat_id
        WHERE c.member_id = ? AND c.left_at IS NULL AND g.dismissed_at IS NULL
          AND m.member_id = ? AND m.left_at IS NULL
       LIMIT 1`,
      [userId, externalUserId, externalUserId, userId],
    )
    return rows.length > 0
  }

  /** The customer belongs to, or was seen at, one of `who`'s hospitals. */
  private async inHospitals(
    who: Principal,
    customerId: string,
  ): Promise<boolean> {
    if (who.hospitalIds.length === 0) {
      return false
    }
    const marks = who.hospitalIds.map(() => '?').join(', ')
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM hospital_customer c
        WHERE c.id = ? AND c.hospital_id IN (${marks})
       UNION ALL
       SELECT 1 FROM visit v
        WHERE v.customer_id = ? AND v.hospital_id IN (${marks})
       LIMIT 1`,
      [customerId, ...who.hospitalIds, customerId, ...who.hospitalIds],
    )
    return rows.length > 0
  }
}
