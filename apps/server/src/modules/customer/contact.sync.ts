import {
  WecomApiError,
  type ExternalContact,
  type ExternalContactEvent,
  type FollowUser,
  type WecomClient,
} from '@petcare/wecom'
import type { DataSource, Repository } from 'typeorm'
import { ContactStatements, type FollowRow } from './contact.sql'
import { recordFollowChange } from './follow-change'
import { FollowEntity, type EndedBy, type FollowRecord } from './follow.entity'

/** A follow as externalcontact/get or batch/get_by_user lists it. */
type FollowListing = Omit<FollowUser, 'tags'> & { tags?: FollowUser['tags'] }

/** Errcodes that mean WeCom no longer shows this customer to the corp. */
const CUSTOMER_GONE = new Set([84061, 40096])

/**
 * Keeps customers and follows true. Adds and edits ask WeCom for the current
 * truth; removals are applied by their event time. Either way the result is
 * the same whatever order the events come in:
 * - a relation is active when WeCom lists it and it began after any end we
 *   recorded (a customer who removed the member stays listed, one-way);
 * - an end is kept at the earliest removal after the relation began.
 */
export class ContactSync {
  private readonly follows: Repository<FollowRecord>
  private readonly statements: ContactStatements

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: WecomClient,
  ) {
    this.follows = dataSource.getRepository(FollowEntity)
    this.statements = new ContactStatements(dataSource)
  }

  /** Applies one `change_external_contact` event. */
  async apply(event: ExternalContactEvent): Promise<void> {
    const { userId, externalUserId, createTime } = event
    switch (event.changeType) {
      case 'add_external_contact':
      case 'add_half_external_contact':
        await this.refresh(externalUserId, createTime)
        await recordFollowChange(this.dataSource, {
          userId,
          externalUserId,
          kind: 'added',
          endedBy: null,
          at: createTime,
        })
        return
      case 'edit_external_contact':
        await this.refresh(externalUserId, createTime)
        return
      case 'del_external_contact':
        await this.end(
          userId,
          externalUserId,
          createTime,
          'member',
          event.source,
        )
        return
      case 'del_follow_user':
        await this.end(userId, externalUserId, createTime, 'customer')
        return
      case 'transfer_fail':
        await this.recordTransferFailure(event)
        return
      case 'msg_audit_approved':
        return
    }
  }

  /**
   * Reads a customer and their follows from WeCom and stores them.
   * @returns false when WeCom no longer shows the customer
   */
  async refresh(externalUserId: string, eventTime: number): Promise<boolean> {
    let truth: { contact: ExternalContact; followUsers: FollowUser[] }
    try {
      truth = await this.client.getExternalContact(externalUserId)
    } catch (error) {
      if (error instanceof WecomApiError && CUSTOMER_GONE.has(error.errcode)) {
        return false
      }
      throw error
    }
    await this.saveCustomer(truth.contact, eventTime)
    await this.statements.upsertFollows(
      truth.followUsers.map((follow) => followRow(externalUserId, follow)),
    )
    return true
  }

  /** Stores a customer as WeCom describes them now. */
  async saveCustomer(
    contact: ExternalContact,
    eventTime: number,
  ): Promise<void> {
    await this.statements.upsertCustomer({
      externalUserId: contact.external_userid,
      name: contact.name,
      avatar: contact.avatar ?? null,
      type: contact.type ?? 1,
      gender: contact.gender ?? 0,
      unionId: contact.unionid ?? null,
      corpName: contact.corp_name ?? null,
      sourceTime: eventTime,
    })
  }

  /** Stores one member's relation with a customer as WeCom lists it now. */
  async saveFollow(
    externalUserId: string,
    follow: FollowListing,
  ): Promise<void> {
    await this.statements.upsertFollows([followRow(externalUserId, follow)])
  }

  /**
   * Ends a relation at `time`, unless it began again after that. `by` is
   * null when a re-sync found it gone without saying who ended it.
   */
  async end(
    userId: string,
    externalUserId: string,
    time: number,
    by: EndedBy | null,
    source?: string,
  ): Promise<void> {
    await this.statements.endFollow({
      userId,
      externalUserId,
      time,
      by,
      source: source ?? null,
    })
    if (by) {
      await recordFollowChange(this.dataSource, {
        userId,
        externalUserId,
        kind: 'removed',
        endedBy: by,
        at: time,
      })
    }
  }

  private async recordTransferFailure(
    event: ExternalContactEvent,
  ): Promise<void> {
    const key = { userId: event.userId, externalUserId: event.externalUserId }
    const existing = await this.follows.findOneBy(key)
    if (
      existing?.transferFailedAt != null &&
      existing.transferFailedAt > event.createTime
    ) {
      return
    }
    await this.follows.upsert(
      {
        tagsJson: '[]',
        startedAt: null,
        endedAt: null,
        ...existing,
        ...key,
        transferFailReason: event.failReason ?? null,
        transferFailedAt: event.createTime,
        updatedAt: new Date(),
      },
      ['userId', 'externalUserId'],
    )
  }
}

function followRow(externalUserId: string, follow: FollowListing): FollowRow {
  return {
    userId: follow.userid,
    externalUserId,
    remark: follow.remark ?? null,
    description: follow.description ?? null,
    tagsJson: JSON.stringify(follow.tags ?? []),
    addWay: follow.add_way ?? null,
    state: follow.state ?? null,
    operUserId: follow.oper_userid ?? null,
    startedAt: follow.createtime,
  }
}
