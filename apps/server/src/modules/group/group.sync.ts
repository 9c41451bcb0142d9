import { missingGroupRoles, parseGroupName } from '@petcare/domain'
import {
  WecomApiError,
  type ExternalChatEvent,
  type GroupChat,
  type WecomClient,
} from '@petcare/wecom'
import type { DataSource, Repository } from 'typeorm'
import type { DirectorySync } from '../directory/directory.sync'
import {
  CustomerGroupEntity,
  type CustomerGroupRecord,
} from './customer-group.entity'
import {
  GroupMemberEntity,
  type GroupMemberRecord,
} from './group-member.entity'
import { GroupStatements } from './group.sql'

/** groupchat/get's answer for a chat id that is not (or no longer) a group. */
const GROUP_GONE = new Set([40050, 49008])

/**
 * Keeps customer groups and their members true: creates and updates read
 * the group from WeCom; a dismissal is final. Members keep their history: a
 * stay ends (`leftAt`) when WeCom stops listing it, at the time of the
 * `del_member` event that names it when there is one.
 */
export class GroupSync {
  private readonly groups: Repository<CustomerGroupRecord>
  private readonly members: Repository<GroupMemberRecord>
  private readonly statements: GroupStatements

  constructor(
    dataSource: DataSource,
    private readonly client: WecomClient,
    private readonly directory: DirectorySync,
  ) {
    this.groups = dataSource.getRepository(CustomerGroupEntity)
    this.members = dataSource.getRepository(GroupMemberEntity)
    this.statements = new GroupStatements(dataSource)
  }

  /** Applies one `change_external_chat` event. */
  async apply(event: ExternalChatEvent): Promise<void> {
    if (event.changeType === 'dismiss') {
      await this.dismiss(event.chatId, event.createTime)
      return
    }
    await this.refresh(event.chatId, event.createTime)
    if (event.changeType === 'update' && event.updateDetail === 'del_member') {
      await this.recordDepartures(event.chatId, event.memChangeList, event)
    }
  }

  /**
   * Reads a group from WeCom and stores it with its members.
   * @returns false when WeCom no longer has the group
   */
  async refresh(chatId: string, eventTime: number): Promise<boolean> {
    let truth: GroupChat
    try {
      truth = await this.client.getGroupChat(chatId)
    } catch (error) {
      if (error instanceof WecomApiError && GROUP_GONE.has(error.errcode)) {
        return false
      }
      throw error
    }
    const storedVersion = await this.statements.memberVersion(chatId)
    // An unchanged member_version means an unchanged member list.
    const sameMembers =
      storedVersion != null && storedVersion === truth.member_version
    if (!sameMembers) {
      await this.saveMembers(truth, eventTime)
    }
    await this.statements.upsertGroup({
      ...(await this.describe(truth)),
      sourceTime: eventTime,
    })
    return true
  }

  /** Marks a group dismissed at the earliest dismissal seen. */
  async dismiss(chatId: string, time: number): Promise<void> {
    const existing = await this.groups.findOneBy({ chatId })
    if (existing?.dismissedAt != null && existing.dismissedAt <= time) {
      return
    }
    await this.groups.upsert(
      {
        name: '',
        memberCount: 0,
        missingRoles: '',
        sourceTime: time,
        ...existing,
        chatId,
        dismissedAt: time,
        updatedAt: new Date(),
      },
      ['chatId'],
    )
  }

  private async describe(
    truth: GroupChat,
  ): Promise<
    Omit<CustomerGroupRecord, 'sourceTime' | 'updatedAt' | 'dismissedAt'>
  > {
    const name = parseGroupName(truth.name)
    const staffIds = truth.member_list
      .filter((member) => member.type === 1)
      .map((member) => member.userid)
    let staff = await this.statements.staffRoles(staffIds)
    // A member the directory has not seen yet is read now, so the group's
    // roles are right before the first full re-sync.
    const unknown = staffIds.filter((id) => !staff.some((s) => s.userId === id))
    if (unknown.length > 0) {
      for (const userId of unknown) {
        await this.directory.refreshMember(userId, 0)
      }
      staff = await this.statements.staffRoles(staffIds)
    }
    return {
      chatId: truth.chat_id,
      name: truth.name,
      ownerId: truth.owner || null,
      notice: truth.notice ?? null,
      createdAt: truth.create_time ?? null,
      memberVersion: truth.member_version ?? null,
      memberCount: truth.member_list.length,
      customerCode: name.ok ? name.customerId : null,
      petName: name.ok ? name.petName : null,
      complaint: name.ok ? name.complaint : null,
      nameProblem: name.ok ? null : name.reason,
      missingRoles: missingGroupRoles(staff.map((s) => s.role)).join(','),
    }
  }

  private async saveMembers(
    truth: GroupChat,
    eventTime: number,
  ): Promise<void> {
    const chatId = truth.chat_id
    const listed = new Set(
      truth.member_list.map((m) => `${m.userid}\n${m.join_time}`),
    )
    const present = await this.statements.presentMembers(chatId)
    await this.statements.endStays(
      chatId,
      present.filter(
        (stay) => !listed.has(`${stay.memberId}\n${stay.joinTime}`),
      ),
      eventTime,
    )
    await this.statements.upsertMembers(
      truth.member_list.map((member) => ({
        chatId,
        memberId: member.userid,
        joinTime: member.join_time,
        memberType: member.type,
        name: member.name ?? member.group_nickname ?? null,
        joinScene: member.join_scene ?? null,
        invitorId: member.invitor?.userid ?? null,
      })),
    )
  }

  /**
   * A `del_member` event dates the departure of the members it names. A
   * stay that a refresh found over has only an estimate (no quitScene): the
   * event's time replaces it, and among several events the earliest wins.
   */
  private async recordDepartures(
    chatId: string,
    memberIds: string[],
    event: ExternalChatEvent & { changeType: 'update' },
  ): Promise<void> {
    const time = event.createTime
    for (const memberId of memberIds) {
      const [latest] = await this.members.find({
        where: { chatId, memberId },
        order: { joinTime: 'DESC' },
        take: 1,
      })
      // No stay that this departure could end, or WeCom lists them again
      // (they re-joined after this older event).
      if (!latest || latest.joinTime > time || latest.leftAt == null) {
        continue
      }
      const estimated = latest.quitScene == null
      if (estimated || latest.leftAt > time) {
        await this.members.upsert(
          {
            ...latest,
            leftAt: time,
            quitScene: event.quitScene ?? 'unknown',
            updatedAt: new Date(),
          },
          ['chatId', 'memberId', 'joinTime'],
        )
      }
    }
  }
}
